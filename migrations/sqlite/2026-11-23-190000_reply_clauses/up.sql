-- The reasons library (答复条款库, issue #8; R-LET-1, R-LET-3): each version of an agency's clause for a
-- reply outcome, as legal staff published it. Append-only: a version is never changed or removed
-- (the triggers refuse it), so a letter's recorded version always names the words it printed.
-- Version 1 of every clause is built into the product (disclosure_core::reasons::Clause::builtin)
-- and not stored; published versions are 2, 3, … per agency and outcome. Keep in lockstep with
-- ../../postgres/.
CREATE TABLE reply_clauses (
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    outcome_key TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 2),
    citation_key TEXT NOT NULL,
    wording TEXT NOT NULL,
    note TEXT NOT NULL,
    published_by TEXT NOT NULL,
    published_by_name TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    PRIMARY KEY (agency_id, outcome_key, version)
);
-- Which clause version an issued reply was rendered with, beside the kept bytes (the ReplyIssued
-- event records the same): one row per kept reply document.
CREATE TABLE reply_clause_uses (
    document_id TEXT PRIMARY KEY NOT NULL REFERENCES documents (id),
    outcome_key TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1)
);
CREATE TRIGGER reply_clauses_no_update BEFORE UPDATE ON reply_clauses
BEGIN
    SELECT RAISE(ABORT, 'reply_clauses is append-only');
END;
CREATE TRIGGER reply_clauses_no_delete BEFORE DELETE ON reply_clauses
BEGIN
    SELECT RAISE(ABORT, 'reply_clauses is append-only');
END;
