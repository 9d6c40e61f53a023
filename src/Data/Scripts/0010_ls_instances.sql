-- One Label Studio (LS) instance per project, kept by the Worker. The desired state lives in
-- projects (an Active, not deleted project wants one); this table records what actually runs.
CREATE TABLE ls_instances (
    project_id         bigint      PRIMARY KEY REFERENCES projects (id),
    -- Marks the instance's processes and containers (env var, label) so the Worker can find
    -- its own after a restart and tell them apart from another installation's.
    instance_key       uuid        NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    state              text        NOT NULL DEFAULT 'stopped'
                       CHECK (state IN ('starting', 'running', 'stopping', 'stopped', 'failed')),
    -- Why the instance is stopped or failed, in words an admin can act on.
    reason             text,
    runtime            text,
    -- Where the proxy forwards to (http://127.0.0.1:port); null unless running.
    address            text,
    port               integer,
    -- Process id + start time, or container name: what to check, adopt or stop after a restart.
    handle             text,
    -- Which Worker holds the instance; another may take it over once the lease has expired.
    lease_owner        text,
    lease_expires_at   timestamptz,
    -- Scale to zero: an idle instance is stopped and suspended until someone asks for it.
    suspended          boolean     NOT NULL DEFAULT false,
    last_activity_at   timestamptz NOT NULL DEFAULT now(),
    start_requested_at timestamptz,
    failure_count      integer     NOT NULL DEFAULT 0,
    retry_at           timestamptz,
    started_at         timestamptz,
    -- Admin email, password, legacy token and Django SECRET_KEY, encrypted with Data Protection
    -- (purpose Labelit.LabelStudio.Secrets).
    admin_secrets      text,
    -- LABEL_STUDIO_HOST the instance was started with: a changed slug or public URL needs a restart.
    launch_host        text,
    ls_project_id      integer,
    -- Hash of the title and label config last pushed to LS, so unchanged ones are not sent again.
    provisioned_hash   text,
    provision_error    text,
    updated_at         timestamptz NOT NULL DEFAULT now()
);
-- Two instances never share a port, whichever Worker allocated it.
CREATE UNIQUE INDEX ls_instances_port_unique ON ls_instances (port) WHERE port IS NOT NULL;

-- One LS account per (project, person): the proxy signs each user in to LS as themselves.
CREATE TABLE ls_accounts (
    project_id   bigint      NOT NULL REFERENCES projects (id),
    user_id      bigint      NOT NULL REFERENCES users (id),
    ls_email     text        NOT NULL,
    -- Generated, encrypted with Data Protection (purpose Labelit.LabelStudio.Secrets); written
    -- before the LS signup so a retry after a crash uses the same password.
    password     text        NOT NULL,
    ls_user_id   integer,
    -- pending: not yet signed up in LS; active: the proxy may use it; revoked: never used again
    -- until the person is assigned again.
    state        text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'active', 'revoked')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, user_id)
);

-- Web's proxy follows instance changes at once: only state and address matter to it, so the
-- frequent activity updates stay silent.
CREATE TRIGGER ls_instances_changed AFTER INSERT OR DELETE ON ls_instances
    FOR EACH ROW EXECUTE FUNCTION notify_project_change();
CREATE TRIGGER ls_instances_state_changed AFTER UPDATE ON ls_instances
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.address IS DISTINCT FROM NEW.address)
    EXECUTE FUNCTION notify_project_change();
CREATE TRIGGER ls_accounts_changed AFTER INSERT OR DELETE ON ls_accounts
    FOR EACH ROW EXECUTE FUNCTION notify_project_change();
CREATE TRIGGER ls_accounts_state_changed AFTER UPDATE ON ls_accounts
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state)
    EXECUTE FUNCTION notify_project_change();
