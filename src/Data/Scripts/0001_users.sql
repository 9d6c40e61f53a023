-- People who sign in to Labelit. Roles are Labelit's own; Label Studio has none.
CREATE TABLE users (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email           text        NOT NULL,
    display_name    text        NOT NULL,
    role            text        NOT NULL CHECK (role IN ('Admin', 'Manager', 'Annotator')),
    password_hash   text        NOT NULL,
    is_active       boolean     NOT NULL DEFAULT true,
    -- Changes whenever access must end at once (deactivation, password reset): cookies carry it.
    security_stamp  uuid        NOT NULL DEFAULT gen_random_uuid(),
    failed_sign_ins integer     NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    -- Optimistic concurrency: an edit based on a stale copy is refused.
    version         integer     NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));
