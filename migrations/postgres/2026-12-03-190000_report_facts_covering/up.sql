-- The annual report of an open year counts the year's cases by GROUP BY over report_facts
-- (crates/store/src/report_facts.rs, `year_groups`): with every column it reads in the index, the
-- counts come from the index alone, without a lookup into the table per case (issue #9: ~345,000
-- cases bear on a year at a million cases). Keep in lockstep with the other backend's tree.
DROP INDEX report_facts_received;
DROP INDEX report_facts_concluded;
CREATE INDEX report_facts_received ON report_facts (agency_id, received_on, concluded_on, applicant_kind, outcome);
CREATE INDEX report_facts_concluded ON report_facts (agency_id, concluded_on, received_on, applicant_kind, outcome);
