-- The department (科室) of a staff member, for the compliance report's agency → department → officer
-- grouping. A table beside users (like staff_emails) so accounts without one need no row. Keep in
-- lockstep with ../../postgres/.
CREATE TABLE user_departments (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    department TEXT NOT NULL
);
