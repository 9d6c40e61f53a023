-- A sync looks each listed object up by (project_id, location), its unique index. With this second
-- index PostgreSQL chose it for those lookups whenever its statistics had not yet seen the project's
-- rows (a first sync), scanning every object of the project for each listed one. Project-wide reads
-- use the unique index's leading column instead.
DROP INDEX dataset_objects_project;
