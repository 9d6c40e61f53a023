-- Each LS account carries the person's name (LS shows it in its header, task list and exports) and,
-- for accounts made from now on, their Labelit email. profile is the name last pushed to LS
-- ("first\nlast"); a different one is pushed again, so a rename in Labelit reaches every project's
-- LS. Existing accounts have none and get their name on the next pass (LS never changes an email).
ALTER TABLE ls_accounts ADD COLUMN profile text;

-- A display name change is announced too, so the Worker pushes it to LS at once.
DROP TRIGGER users_changed ON users;
CREATE TRIGGER users_changed AFTER UPDATE OF is_active, role, email, display_name, security_stamp ON users
    FOR EACH ROW EXECUTE FUNCTION notify_user_change();
