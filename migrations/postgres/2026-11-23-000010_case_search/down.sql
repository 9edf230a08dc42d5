DROP INDEX cases_agency_outcome;
DROP TABLE case_search;
