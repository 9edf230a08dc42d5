-- The running cases alone (issue #9): the 工作台 lists an officer's (or, for legal staff, the
-- agency's) running cases soonest due first, with those without a due date (paused for 补正 or a
-- consultation) last, where in the full indexes they sort among every concluded case: the last
-- pages read all of them (1 s at a million cases). These hold only running cases (a few percent of
-- a decade's), so every page and count is a short walk.
-- The predicate is word for word `queries::open_stages_condition` (the queries state it as literal
-- SQL so that both backends can prove they imply it). Keep in lockstep with the other backend's tree.
CREATE INDEX cases_open_assignee_due ON cases (agency_id, assignee_id, (due_date IS NULL), due_date, number_year DESC, number_seq DESC)
    WHERE stage IN ('registered', 'under_review', 'awaiting_correction', 'handling', 'reply_drafted', 'reply_approved');
CREATE INDEX cases_open_due ON cases (agency_id, (due_date IS NULL), due_date, number_year DESC, number_seq DESC)
    WHERE stage IN ('registered', 'under_review', 'awaiting_correction', 'handling', 'reply_drafted', 'reply_approved');
