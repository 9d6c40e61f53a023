-- People who sign in through the team's OpenID provider: which provider account (issuer + subject)
-- is which Labelit user. An email can change at the provider; the subject never does.
CREATE TABLE user_logins (
    issuer     text        NOT NULL,
    subject    text        NOT NULL,
    user_id    bigint      NOT NULL REFERENCES users (id),
    linked_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX user_logins_user ON user_logins (user_id);

-- Invitations by link: only a hash of the link's token is kept (the link is shown once). A link is
-- used once: accepted_at is set in the transaction that creates the user.
CREATE TABLE invitations (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email            text        NOT NULL,
    role             text        NOT NULL CHECK (role IN ('Admin', 'Manager', 'Annotator')),
    project_ids      bigint[]    NOT NULL DEFAULT '{}',
    token_hash       text        NOT NULL UNIQUE,
    created_by       bigint      NOT NULL REFERENCES users (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    accepted_at      timestamptz,
    accepted_user_id bigint      REFERENCES users (id),
    revoked_at       timestamptz,
    revoked_by       bigint      REFERENCES users (id)
);
CREATE INDEX invitations_created_at ON invitations (created_at DESC);
