-- Keeps the default case list and the overdue list flat at a million cases (docs/performance.md):
-- the lists order by "due_date IS NULL, due_date, number_year DESC, number_seq DESC" (running cases
-- first, soonest due first); with this index the database walks the agency's cases in that order and
-- stops at the page's end instead of sorting every case of the agency. Keep in lockstep with
-- ../../sqlite/.
CREATE INDEX cases_agency_due_order ON cases (agency_id, (due_date IS NULL), due_date, number_year DESC, number_seq DESC);
