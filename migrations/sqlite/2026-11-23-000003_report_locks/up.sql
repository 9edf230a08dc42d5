-- A locked report year (R-REP-1): the figures as published, with the hash of the case facts they were
-- computed from, so a later change to those facts is detected instead of silently changing a
-- published report. Keep in lockstep with ../../postgres/.
CREATE TABLE report_locks (
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    year INTEGER NOT NULL,
    figures TEXT NOT NULL,
    inputs_hash TEXT NOT NULL,
    locked_by TEXT NOT NULL,
    locked_by_name TEXT NOT NULL,
    locked_at TIMESTAMP NOT NULL,
    PRIMARY KEY (agency_id, year)
);
