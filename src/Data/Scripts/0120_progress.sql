-- Labelling progress, read from each project's LS by the Worker (only what changed since the last
-- read) so that pages show it without asking LS, and keep showing it while an idle LS is stopped.

-- One row per project: how far the reads got and how the last one went.
CREATE TABLE progress_reads (
    project_id     bigint      PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    -- Every task LS has for the project, as its task list counted them at the last read.
    tasks_total    integer     NOT NULL DEFAULT 0,
    -- LS's updated_at of the newest task read: the next read asks only for tasks updated after it.
    read_up_to     timestamptz,
    read_at        timestamptz,
    -- The last read of every task (not only those changed): it forgets tasks deleted in LS.
    full_read_at   timestamptz,
    -- The last read LS refused, in words; cleared by the next read that works. The figures stay.
    failed_at      timestamptz,
    failure        text
);

-- Each LS task read: labelled (one annotation not cancelled at least) or skipped (cancelled only).
CREATE TABLE progress_tasks (
    project_id  bigint      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    ls_task_id  integer     NOT NULL,
    labelled    boolean     NOT NULL,
    skipped     boolean     NOT NULL,
    -- When it was first labelled (its earliest annotation not cancelled): the burn-down's x axis.
    labelled_at timestamptz,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (project_id, ls_task_id)
);

-- Each annotation of those tasks with its author: user_id is the Labelit user of the LS account
-- (ls_accounts), null for an LS user Labelit did not make (LS's own admin).
CREATE TABLE progress_annotations (
    project_id       bigint           NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    ls_annotation_id integer          NOT NULL,
    ls_task_id       integer          NOT NULL,
    ls_user_id       integer,
    user_id          bigint           REFERENCES users (id),
    was_cancelled    boolean          NOT NULL,
    -- Seconds the annotator spent on it, as LS's editor measured them.
    lead_time        double precision NOT NULL DEFAULT 0,
    created_at       timestamptz      NOT NULL,
    updated_at       timestamptz      NOT NULL,
    PRIMARY KEY (project_id, ls_annotation_id)
);
CREATE INDEX progress_annotations_user ON progress_annotations (project_id, user_id);
CREATE INDEX progress_annotations_task ON progress_annotations (project_id, ls_task_id);
