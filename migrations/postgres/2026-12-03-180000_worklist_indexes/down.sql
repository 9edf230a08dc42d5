DROP INDEX cases_agency_assignee_stage;
DROP INDEX cases_agency_assignee_due;
