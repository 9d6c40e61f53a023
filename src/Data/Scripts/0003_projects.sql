-- Labelling projects. Each active project gets its own Label Studio instance (the Worker's job).
CREATE TABLE projects (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text        NOT NULL,
    slug            text        NOT NULL,
    description     text        NOT NULL DEFAULT '',
    label_config    text        NOT NULL,
    manager_id      bigint      NOT NULL REFERENCES users (id),
    status          text        NOT NULL DEFAULT 'Active' CHECK (status IN ('Active', 'Paused', 'Completed', 'Archived')),
    -- Dataset sources and export settings; their shapes belong to the storage and export features.
    dataset         jsonb       NOT NULL DEFAULT '{}',
    export_settings jsonb       NOT NULL DEFAULT '{}',
    -- Soft delete: the project disappears from Labelit, its LS data stays until an admin purges it.
    deleted_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer     NOT NULL DEFAULT 1
);
-- Names and slugs stay unique among projects that are not deleted.
CREATE UNIQUE INDEX projects_name_unique ON projects (lower(name)) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX projects_slug_unique ON projects (slug) WHERE deleted_at IS NULL;

-- Which annotators work on which project.
CREATE TABLE project_annotators (
    project_id  bigint      NOT NULL REFERENCES projects (id),
    user_id     bigint      NOT NULL REFERENCES users (id),
    assigned_by bigint      REFERENCES users (id),
    assigned_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_annotators_user ON project_annotators (user_id);

-- Who created, changed or deleted which user, project or assignment, and when.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint      REFERENCES users (id),
    action      text        NOT NULL,
    entity_type text        NOT NULL,
    entity_id   bigint,
    summary     text        NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at DESC);

-- Personal API tokens: only a hash is stored; the token is shown once when created.
CREATE TABLE api_tokens (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES users (id),
    name         text        NOT NULL,
    token_hash   text        NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

-- Services hear about changes at once (Web -> Worker, Worker -> Web's proxy) through
-- NOTIFY labelit_changes with a small JSON payload, instead of a message broker.
CREATE FUNCTION notify_project_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('labelit_changes', json_build_object('table', TG_TABLE_NAME,
        'project_id', COALESCE(NEW.project_id, OLD.project_id))::text);
    RETURN NULL;
END $$;
CREATE FUNCTION notify_project_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('labelit_changes', json_build_object('table', TG_TABLE_NAME,
        'project_id', COALESCE(NEW.id, OLD.id))::text);
    RETURN NULL;
END $$;
CREATE TRIGGER projects_changed AFTER INSERT OR UPDATE OR DELETE ON projects
    FOR EACH ROW EXECUTE FUNCTION notify_project_row_change();
CREATE TRIGGER project_annotators_changed AFTER INSERT OR UPDATE OR DELETE ON project_annotators
    FOR EACH ROW EXECUTE FUNCTION notify_project_change();
CREATE FUNCTION notify_user_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('labelit_changes', json_build_object('table', 'users', 'user_id', NEW.id)::text);
    RETURN NULL;
END $$;
CREATE TRIGGER users_changed AFTER UPDATE OF is_active, role, email ON users
    FOR EACH ROW EXECUTE FUNCTION notify_user_change();
