-- Existing labels imported into a project's tasks (COCO, YOLO, VOC, CSV, LS JSON), as predictions or
-- as annotations. Web checks the file (the dry run) and queues a run; a Worker writes it into LS as a
-- Hangfire job, all or nothing, and records here what happened. The uploaded file lives under
-- <data directory>/label-imports/run-<id>/ until the run ends.
CREATE TABLE label_imports (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id       bigint      NOT NULL REFERENCES projects (id),
    requested_by     bigint      REFERENCES users (id),
    requested_at     timestamptz NOT NULL DEFAULT now(),
    format           text        NOT NULL CHECK (format IN ('JSON', 'COCO', 'YOLO', 'VOC', 'CSV')),
    mode             text        NOT NULL CHECK (mode IN ('predictions', 'annotations')),
    -- Predictions: the model version LS shows; annotations: who the user said made them.
    model_version    text,
    author           text,
    file_name        text        NOT NULL,
    status           text        NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    job_id           text,
    started_at       timestamptz,
    finished_at      timestamptz,
    heartbeat_at     timestamptz,
    worker           text,
    cancel_requested boolean     NOT NULL DEFAULT false,
    labels_total     integer     NOT NULL DEFAULT 0,
    tasks_total      integer     NOT NULL DEFAULT 0,
    tasks_written    integer     NOT NULL DEFAULT 0,
    -- The dry run's summary (Web), then the run's own (Worker): counts per outcome and the first problems.
    summary          jsonb,
    error            text
);
-- One import at a time per project: two imports racing for the same tasks would interleave.
CREATE UNIQUE INDEX label_imports_one_active ON label_imports (project_id) WHERE status IN ('queued', 'running');
CREATE INDEX label_imports_project ON label_imports (project_id, id DESC);

CREATE FUNCTION notify_label_import() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.cancel_requested IS DISTINCT FROM OLD.cancel_requested THEN
        PERFORM pg_notify('labelit_changes', json_build_object('table', 'label_imports', 'project_id', NEW.project_id, 'id', NEW.id)::text);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER label_imports_notify AFTER INSERT OR UPDATE ON label_imports FOR EACH ROW EXECUTE FUNCTION notify_label_import();
