-- Who set, changed or removed a staff member's 督办 address, and when (sqlite; keep in lockstep with
-- ../../postgres/). Not a case event: the address belongs to the user, not to a case, but
-- a digest sent to a wrong address leaks case data, so every change is kept with its author.
-- old_email NULL: the address was set for the first time; new_email NULL: it was removed.
CREATE TABLE staff_email_changes (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    old_email TEXT,
    new_email TEXT,
    changed_by TEXT NOT NULL,
    changed_by_name TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX staff_email_changes_user ON staff_email_changes (user_id, changed_at);
