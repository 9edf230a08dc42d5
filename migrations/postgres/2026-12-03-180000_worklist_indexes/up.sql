-- Keeps an officer's 工作台 flat at a million cases (issue #9, docs/performance.md).
-- * The page: the lists order by "due_date IS NULL, due_date, number_year DESC, number_seq DESC"
--   (see cases_agency_due_order); this index walks the officer's own cases in that order and stops
--   at the page's end, instead of walking the agency's running cases and skipping the other
--   officers' (7 in 8 of them with eight officers).
-- * The totals beside it ("共 N 件，其中 M 件已超期"): the officer's cases in the running stages,
--   one short range per stage read from this index alone (the overdue ones by their due date),
--   instead of every case the officer ever had.
-- Keep in lockstep with the other backend's tree.
CREATE INDEX cases_agency_assignee_due ON cases (agency_id, assignee_id, (due_date IS NULL), due_date, number_year DESC, number_seq DESC);
CREATE INDEX cases_agency_assignee_stage ON cases (agency_id, assignee_id, stage, due_date);
