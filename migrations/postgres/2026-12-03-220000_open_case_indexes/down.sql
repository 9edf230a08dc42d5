DROP INDEX cases_open_due;
DROP INDEX cases_open_assignee_due;
