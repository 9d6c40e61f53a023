-- One row per backup run (Worker, src/Worker/Backups), so the UI can show when the last backup
-- succeeded, which folder holds it and why a run failed.
CREATE TABLE backup_runs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    -- running; succeeded; partial: some projects could not be backed up (see the manifest);
    -- failed: no backup was written; cancelled: the run was stopped (e.g. the Worker shut down).
    status      text        NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'cancelled')),
    -- The finished backup folder (absolute path); null unless one was written.
    folder      text,
    error       text
);
CREATE INDEX backup_runs_started ON backup_runs (started_at DESC);
