-- ASP.NET Core Data Protection key ring, shared by Web and Worker so that a secret one service
-- encrypts the other can read, and sign-in cookies survive restarts. Keys are stored encrypted
-- with the master key that lives outside the database.
CREATE TABLE data_protection_keys (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name text,
    xml          text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
