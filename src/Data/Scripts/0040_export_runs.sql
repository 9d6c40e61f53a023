-- Export runs: one row per requested export (manual or scheduled), the queue the Workers take
-- work from and the history the project page shows.
CREATE TABLE export_runs (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id       bigint      NOT NULL REFERENCES projects (id),
    trigger          text        NOT NULL CHECK (trigger IN ('manual', 'scheduled')),
    status           text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'skipped')),
    -- Attempts made so far; a failed attempt with attempts left goes back to 'queued' until next_attempt_at.
    attempt          integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    requested_by     bigint      REFERENCES users (id),
    requested_at     timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    -- The Worker running it and when it last said so: a run whose Worker died is taken back.
    worker_id        text,
    heartbeat_at     timestamptz,
    task_count       integer,
    annotation_count integer,
    bytes            bigint,
    -- [{"name": "cats-JSON.json", "format": "JSON", "bytes": 123}]
    files            jsonb       NOT NULL DEFAULT '[]',
    -- "local" or the storage URI the project named when the run started.
    destination      text,
    -- Where the files are: the folder under the export directory (local) or the storage prefix.
    location         text,
    -- SHA-256 of LS's raw JSON export, to skip a run when nothing changed.
    content_hash     text,
    error            text
);
CREATE INDEX export_runs_project ON export_runs (project_id, id DESC);
CREATE INDEX export_runs_due ON export_runs (next_attempt_at) WHERE status = 'queued';
-- At most one run per project waiting or in progress: "Export now" twice, or a tick from each of two
-- Workers, cannot queue the same work twice.
CREATE UNIQUE INDEX export_runs_one_open ON export_runs (project_id) WHERE status IN ('queued', 'running');

-- A new run is announced at once, so a Worker starts an "Export now" without waiting for its next poll.
CREATE TRIGGER export_runs_queued AFTER INSERT ON export_runs
    FOR EACH ROW EXECUTE FUNCTION notify_project_change();
