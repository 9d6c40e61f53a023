-- The versions a dataset object had before storage changed it, so an export can say which version
-- each annotation was made on (provenance). dataset_objects keeps the current version; a sync that
-- sees an imported object with another ETag moves the old one here. Only changes are written: a
-- first sync of a large bucket writes nothing more than before.
CREATE TABLE dataset_object_versions (
    object_id        bigint      NOT NULL,
    -- null when the version is not known (objects flagged changed before this table existed).
    etag             text,
    size             bigint,
    last_modified    timestamptz,
    -- When a sync saw it replaced, and which: the next version's start when storage gives no time.
    replaced_at      timestamptz NOT NULL DEFAULT now(),
    replaced_by_sync bigint,
    PRIMARY KEY (object_id, replaced_at)
);

-- Objects already flagged changed lost the ETag their task was made from: record that an unknown
-- version came first, replaced when the change was seen, so labels made before it are flagged.
INSERT INTO dataset_object_versions (object_id, replaced_at)
SELECT id, state_changed_at FROM dataset_objects WHERE state = 'changed';
