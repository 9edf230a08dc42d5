-- Who set, changed or cleared a staff member's department (科室), and when (postgres; keep in lockstep
-- with ../../sqlite/). The compliance report groups officers by department, so a change
-- moves their figures: every change is kept with its author. old NULL: first set; new NULL: cleared.
CREATE TABLE department_changes (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    old_department TEXT,
    new_department TEXT,
    changed_by TEXT NOT NULL,
    changed_by_name TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX department_changes_user ON department_changes (user_id, changed_at);
