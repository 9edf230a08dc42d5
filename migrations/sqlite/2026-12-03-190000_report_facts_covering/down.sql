DROP INDEX report_facts_received;
DROP INDEX report_facts_concluded;
CREATE INDEX report_facts_received ON report_facts (agency_id, received_on);
CREATE INDEX report_facts_concluded ON report_facts (agency_id, concluded_on, received_on);
