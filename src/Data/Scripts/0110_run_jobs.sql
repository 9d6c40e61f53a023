-- Export runs and dataset syncs run as Hangfire jobs. PostgreSQL stays the record of each run; job_id
-- names the Hangfire job last made for it, so a Worker sees when a queued run has no job waiting
-- (Redis emptied, a Worker died, a retry came due) and makes one.
ALTER TABLE export_runs ADD COLUMN job_id text;
ALTER TABLE dataset_syncs ADD COLUMN job_id text;
