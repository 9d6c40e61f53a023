-- How browsers get a connection's media: through Labelit's authorized media endpoint, or by a
-- redirect (after the same check) to a short-lived presigned URL of the bucket.
ALTER TABLE storage_connections ADD COLUMN media_delivery text NOT NULL DEFAULT 'labelit'
    CHECK (media_delivery IN ('labelit', 'presigned'));

-- Every storage object a project's dataset sync has seen, and what became of it in Label Studio.
-- Media URLs in LS tasks name these rows (/projects/{slug}/media/{id}/{file}), so a task never
-- carries a bucket address or a credential.
CREATE TABLE dataset_objects (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id     bigint      NOT NULL REFERENCES projects (id),
    location       text        NOT NULL,
    etag           text,
    size           bigint      NOT NULL,
    last_modified  timestamptz,
    -- new: not in LS yet; importing: sent to LS by sync import_sync_id, not yet confirmed;
    -- imported: a task exists; changed: content changed after import (flagged, task kept);
    -- removed: gone from storage (reported, task kept: never silently deleted).
    state          text        NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'importing', 'imported', 'changed', 'removed')),
    import_sync_id bigint,
    -- When LS confirmed the object's task; a removed object that comes back keeps it.
    imported_at    timestamptz,
    first_seen_at  timestamptz NOT NULL DEFAULT now(),
    -- When a sync last changed the state (found, imported, changed, removed): unchanged objects are
    -- not rewritten on every re-sync.
    state_changed_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (project_id, location)
)
-- Room on each page, and no index on state, so the state changes of an import (new -> importing ->
-- imported) are HOT updates that do not rewrite the location index: they dominated a large import.
WITH (fillfactor = 70);
CREATE INDEX dataset_objects_project ON dataset_objects (project_id, id);

-- One row per sync run, queued by Web ("Sync now") or by the Worker's schedule and run by one Worker.
CREATE TABLE dataset_syncs (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id       bigint      NOT NULL REFERENCES projects (id),
    trigger          text        NOT NULL CHECK (trigger IN ('manual', 'scheduled')),
    requested_by     bigint      REFERENCES users (id),
    requested_at     timestamptz NOT NULL DEFAULT now(),
    status           text        NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    started_at       timestamptz,
    finished_at      timestamptz,
    -- The Worker running it renews this; a run whose Worker died is taken over when it is stale.
    heartbeat_at     timestamptz,
    worker           text,
    cancel_requested boolean     NOT NULL DEFAULT false,
    listed           integer     NOT NULL DEFAULT 0,
    added            integer     NOT NULL DEFAULT 0,
    changed          integer     NOT NULL DEFAULT 0,
    removed          integer     NOT NULL DEFAULT 0,
    to_import        integer     NOT NULL DEFAULT 0,
    imported         integer     NOT NULL DEFAULT 0,
    error            text
);
-- At most one queued or running sync per project, whoever asks (two Workers' schedules, a double click).
CREATE UNIQUE INDEX dataset_syncs_one_active ON dataset_syncs (project_id) WHERE status IN ('queued', 'running');
CREATE INDEX dataset_syncs_project ON dataset_syncs (project_id, id DESC);

-- The Worker hears new requests and cancellations at once.
CREATE FUNCTION notify_dataset_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.cancel_requested IS DISTINCT FROM OLD.cancel_requested THEN
        PERFORM pg_notify('labelit_changes', json_build_object('table', 'dataset_syncs', 'project_id', NEW.project_id, 'id', NEW.id)::text);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER dataset_syncs_notify AFTER INSERT OR UPDATE ON dataset_syncs FOR EACH ROW EXECUTE FUNCTION notify_dataset_sync();
