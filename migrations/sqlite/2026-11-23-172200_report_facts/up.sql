-- The facts the annual report (R-REP-1, tables 三 and 四) reads of each case, kept beside `cases`
-- and rewritten with the projection on every append (crates/store/src/report_facts.rs), so a year's
-- tables are a few index range reads instead of a fold of every event of the agency. The events stay
-- the record: `disclosure report rebuild` recomputes every row from them.
CREATE TABLE report_facts (
    case_id TEXT PRIMARY KEY NOT NULL REFERENCES cases (id),
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    number_year INTEGER NOT NULL,
    number_seq INTEGER NOT NULL,
    -- serde name of `ApplicantKind` (the table's column); NULL for a case without an application.
    applicant_kind TEXT,
    -- The first receipt date (R-APP-2).
    received_on DATE NOT NULL,
    -- When and how the case concluded (serde JSON of `Outcome`, as `cases.outcome`).
    concluded_on DATE,
    outcome TEXT,
    -- serde JSON of the case's reviews and lawsuits (table 四, R-REV-1); NULL when there are none.
    reviews TEXT
);
CREATE INDEX report_facts_received ON report_facts (agency_id, received_on);
CREATE INDEX report_facts_concluded ON report_facts (agency_id, concluded_on, received_on);
CREATE INDEX report_facts_reviewed ON report_facts (agency_id) WHERE reviews IS NOT NULL;
CREATE INDEX report_facts_breaches ON report_facts (agency_id) WHERE concluded_on < received_on;
-- Projections a one-off command must recompute from the events before they can be read: a database
-- that already holds cases when this migration runs has no facts yet, so the report folds the events
-- (correct, slower) until `disclosure report rebuild` has filled them and removed the row.
CREATE TABLE projection_rebuilds (
    name TEXT PRIMARY KEY NOT NULL,
    requested_at TIMESTAMP NOT NULL
);
INSERT INTO projection_rebuilds (name, requested_at)
SELECT 'report_facts', CURRENT_TIMESTAMP WHERE EXISTS (SELECT 1 FROM cases);
