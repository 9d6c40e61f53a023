-- Schedules move from Quartz (its ADO job store, migration 0050) to Hangfire on Redis. PostgreSQL
-- keeps what must survive Redis: when each project's next scheduled tick is due, taken atomically
-- so that each tick queues its work once whatever Hangfire fires.
DROP TABLE IF EXISTS qrtz_fired_triggers, qrtz_paused_trigger_grps, qrtz_scheduler_state, qrtz_locks,
    qrtz_simple_triggers, qrtz_cron_triggers, qrtz_simprop_triggers, qrtz_blob_triggers, qrtz_triggers,
    qrtz_job_details, qrtz_calendars, qrtz_paused_job_grps;

CREATE TABLE project_schedules (
    kind text NOT NULL,
    project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    interval_seconds integer NOT NULL CHECK (interval_seconds > 0),
    next_tick_at timestamptz NOT NULL,
    PRIMARY KEY (kind, project_id)
);
