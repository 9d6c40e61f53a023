-- Named storage connections an admin sets up once (kind + settings) and projects then point at.
CREATE TABLE storage_connections (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             text        NOT NULL,
    -- The plugin kind that serves it (e.g. s3, gcs, local); a kind whose plugin is gone stays readable.
    kind             text        NOT NULL,
    endpoint         text,
    region           text,
    force_path_style boolean     NOT NULL DEFAULT false,
    access_key_id    text,
    -- S3 secret key or GCS service-account JSON, encrypted with Data Protection
    -- (purpose Labelit.Storage.Secrets); null to use the platform's default credentials.
    secret           text,
    -- Plugin-specific switches as a JSON object of strings, e.g. {"compatibilityMode": "true"}.
    options          jsonb       NOT NULL DEFAULT '{}',
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    version          integer     NOT NULL DEFAULT 1
);
-- Admins tell connections apart by name, so "Photos" and "photos" would be one too many.
CREATE UNIQUE INDEX storage_connections_name_unique ON storage_connections (lower(name));
