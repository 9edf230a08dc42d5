-- The schema of disclosure (PostgreSQL). Keep in lockstep with ../../sqlite/: same tables, same columns.
CREATE TABLE agencies (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    doc_prefix TEXT NOT NULL,
    address TEXT NOT NULL,
    contact TEXT NOT NULL,
    review_body TEXT NOT NULL,
    court TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE applicants (
    id TEXT PRIMARY KEY NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    id_doc_type TEXT,
    id_doc_number TEXT,
    phone TEXT,
    email TEXT,
    address TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX applicants_agency_name ON applicants (agency_id, name);

CREATE TABLE cases (
    id TEXT PRIMARY KEY NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    number_year INTEGER NOT NULL,
    number_seq INTEGER NOT NULL,
    applicant_id TEXT REFERENCES applicants (id),
    tracking_code TEXT NOT NULL,
    stage TEXT NOT NULL,
    receipt_date DATE NOT NULL,
    due_date DATE,
    provisional BOOLEAN NOT NULL,
    assignee_id TEXT REFERENCES users (id),
    outcome TEXT,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (agency_id, number_year, number_seq)
);
CREATE INDEX cases_agency_stage_due ON cases (agency_id, stage, due_date);
CREATE INDEX cases_assignee_stage ON cases (assignee_id, stage);
CREATE INDEX cases_receipt ON cases (agency_id, receipt_date);

CREATE TABLE case_events (
    case_id TEXT NOT NULL REFERENCES cases (id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
);

CREATE TABLE documents (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    doc_year INTEGER,
    doc_seq INTEGER,
    doc_number TEXT,
    issued_on DATE NOT NULL,
    content BYTEA NOT NULL,
    sha256 TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (agency_id, doc_year, doc_seq)
);
CREATE INDEX documents_case ON documents (case_id);

CREATE TABLE attachments (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content BYTEA NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TIMESTAMP NOT NULL
);
CREATE INDEX attachments_case ON attachments (case_id);

CREATE TABLE outbox (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT REFERENCES cases (id),
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    document_id TEXT REFERENCES documents (id),
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    last_error TEXT,
    message_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX outbox_pending ON outbox (status, next_attempt_at);

CREATE TABLE sequences (
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    next_value INTEGER NOT NULL,
    PRIMARY KEY (agency_id, kind, year)
);
