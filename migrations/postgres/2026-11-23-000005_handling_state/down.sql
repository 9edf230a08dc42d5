DROP INDEX cases_agency_handling;
ALTER TABLE cases DROP COLUMN handling_state;
