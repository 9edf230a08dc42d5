DROP INDEX cases_agency_due_order;
