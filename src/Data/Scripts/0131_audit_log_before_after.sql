-- The text before and after a change, where a summary line cannot say it (a project's label config):
-- the audit page shows the two as a line diff.
ALTER TABLE audit_log ADD COLUMN before_text text, ADD COLUMN after_text text;
