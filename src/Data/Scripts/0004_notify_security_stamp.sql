-- Web caches who may do what and drops an entry when PostgreSQL says it changed; a password
-- reset (a new security stamp) must be announced too, so that it ends sessions at once.
DROP TRIGGER users_changed ON users;
CREATE TRIGGER users_changed AFTER UPDATE OF is_active, role, email, security_stamp ON users
    FOR EACH ROW EXECUTE FUNCTION notify_user_change();
