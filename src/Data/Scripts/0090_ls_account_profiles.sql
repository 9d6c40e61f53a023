-- Each LS account carries the person's name and email (LS shows them in its header, task list and
-- exports). profile is what was last pushed to LS ("email\nfirst\nlast"); a different one is pushed
-- again, so a rename in Labelit reaches every project's LS. Existing accounts (made-up
-- user-N@labelit.invalid emails, no names) have none and are brought up to date on the next pass.
ALTER TABLE ls_accounts ADD COLUMN profile text;

-- A display name change is announced too, so the Worker pushes it to LS at once.
DROP TRIGGER users_changed ON users;
CREATE TRIGGER users_changed AFTER UPDATE OF is_active, role, email, display_name, security_stamp ON users
    FOR EACH ROW EXECUTE FUNCTION notify_user_change();
