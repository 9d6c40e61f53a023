-- Task distribution and review (src/Data/Distribution/README.md).

-- How a project's tasks reach its annotators. No row: everyone labels everything (the default).
-- split: each task goes to `overlap` annotators, spread evenly.
CREATE TABLE project_distribution (
    project_id  bigint      PRIMARY KEY REFERENCES projects (id),
    mode        text        NOT NULL CHECK (mode IN ('everyone', 'split')),
    overlap     integer     NOT NULL DEFAULT 1 CHECK (overlap BETWEEN 1 AND 100),
    -- Whether exports hold only annotations a reviewer accepted.
    export_accepted_only boolean NOT NULL DEFAULT false,
    updated_by  bigint      REFERENCES users (id),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Which annotator labels which LS task (split mode only). started_at: the annotator opened, drafted
-- or submitted it; a started assignment is never moved (sticky).
CREATE TABLE task_assignments (
    project_id  bigint      NOT NULL REFERENCES projects (id),
    ls_task_id  integer     NOT NULL,
    user_id     bigint      NOT NULL REFERENCES users (id),
    assigned_at timestamptz NOT NULL DEFAULT now(),
    started_at  timestamptz,
    PRIMARY KEY (project_id, user_id, ls_task_id)
);
CREATE INDEX task_assignments_task ON task_assignments (project_id, ls_task_id);

-- Annotators a manager named to review a project's annotations (besides the manager and admins).
CREATE TABLE project_reviewers (
    project_id  bigint      NOT NULL REFERENCES projects (id),
    user_id     bigint      NOT NULL REFERENCES users (id),
    named_by    bigint      REFERENCES users (id),
    named_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, user_id)
);

-- The last decision on each LS annotation. An accepted annotation is final; a rejected one goes back
-- to its author with the comment, and is reviewed again once its author changes it.
CREATE TABLE annotation_reviews (
    project_id       bigint      NOT NULL REFERENCES projects (id),
    ls_annotation_id integer     NOT NULL,
    ls_task_id       integer     NOT NULL,
    decision         text        NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    comment          text        NOT NULL DEFAULT '',
    reviewer_id      bigint      NOT NULL REFERENCES users (id),
    decided_at       timestamptz NOT NULL DEFAULT now(),
    -- LS's updated_at of the annotation when it was decided: a later change by its author reopens a rejection.
    annotation_updated_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, ls_annotation_id)
);

-- Each annotator's share as ranges of LS task ids ([[first, last], ...]), rewritten by every
-- rebalance: what the proxy hands LS as the annotator's Data Manager filter, read in one row.
CREATE TABLE annotator_task_ranges (
    project_id  bigint      NOT NULL REFERENCES projects (id),
    user_id     bigint      NOT NULL REFERENCES users (id),
    ranges      jsonb       NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
