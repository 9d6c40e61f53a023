-- Agreement between annotators who labelled the same task, computed by the Worker from the annotations
-- it reads for progress (only the tasks changed since its last read), so pages never ask LS for it.

-- One row per task and pair of LS authors (ls_user_a < ls_user_b), each with their latest annotation
-- of the task that was not skipped: how far the two agree, 0..1 (src/Worker/Progress/Agreement).
CREATE TABLE progress_agreement (
    project_id  bigint           NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    ls_task_id  integer          NOT NULL,
    ls_user_a   integer          NOT NULL,
    ls_user_b   integer          NOT NULL,
    agreement   double precision NOT NULL CHECK (agreement BETWEEN 0 AND 1),
    -- What the two marked that could be compared, and how much of it matched.
    compared    integer          NOT NULL,
    matched     integer          NOT NULL,
    PRIMARY KEY (project_id, ls_task_id, ls_user_a, ls_user_b),
    CHECK (ls_user_a < ls_user_b)
);
