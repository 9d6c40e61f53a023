-- Failed sign-ins with an email that belongs to nobody, counted and locked exactly like an account's
-- (users.failed_sign_ins, users.locked_until), so that the sign-in page answers an unknown email as it
-- answers a known one and does not tell who has an account.
CREATE TABLE unknown_email_sign_ins (
    email_key       text        PRIMARY KEY, -- lower(email)
    failed_sign_ins integer     NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    last_failed_at  timestamptz NOT NULL
);
-- Rows older than a day are removed as new failures come in, so guessing many emails cannot fill it.
CREATE INDEX unknown_email_sign_ins_last_failed_at ON unknown_email_sign_ins (last_failed_at);
