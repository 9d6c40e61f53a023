-- Every listed object is written twice by its first sync: recorded, then marked imported once LS
-- confirms its task. Measured per 1,000-object page (PostgreSQL 15, this machine kind):
--  - The foreign key to projects ran one lookup per inserted row, a quarter of the recording's
--    time, always for the same project. Objects are only written by a sync, whose dataset_syncs row
--    already references the project, and projects are never deleted.
--  - With 30% free space a page holds the second version of only some rows, so about half of the
--    "imported" updates were not HOT and rewrote both indexes: marking a page imported took 7 ms.
--    With half of each page free every such update is HOT: 3 ms.
ALTER TABLE dataset_objects DROP CONSTRAINT dataset_objects_project_id_fkey;
ALTER TABLE dataset_objects SET (fillfactor = 50);
