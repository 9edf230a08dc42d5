-- The mail outbox's working columns (PostgreSQL). Keep in lockstep with ../../sqlite/.
-- kind: why the mail exists (reply_issued, extension_approved, correction_requested, fee_noticed,
--   digest, calendar_watch); dedupe_key: one mail per key (a digest per person per day), so several
--   instances computing the same digest enqueue it once; lease_owner: the worker sending the row
--   while status = 'sending', with next_attempt_at then holding the end of its lease (a crashed
--   worker's rows return to the queue when it passes).
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'notice';
ALTER TABLE outbox ADD COLUMN dedupe_key TEXT;
ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
CREATE UNIQUE INDEX outbox_dedupe ON outbox (dedupe_key);
CREATE INDEX outbox_case ON outbox (case_id);

-- Every sending attempt with what the server answered (the SMTP response of an acceptance, or the
-- error), so the case page can show why a mail failed and when it was accepted.
CREATE TABLE mail_attempts (
    outbox_id TEXT NOT NULL REFERENCES outbox (id),
    attempt INTEGER NOT NULL,
    worker TEXT NOT NULL,
    outcome TEXT NOT NULL,
    response TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    PRIMARY KEY (outbox_id, attempt)
);

-- Staff e-mail addresses for 督办 digests (a table of its own: the users row stays as it is).
CREATE TABLE staff_emails (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
    email TEXT NOT NULL
);

-- Single-worker leases (used on SQLite; PostgreSQL claims rows with FOR UPDATE SKIP LOCKED).
CREATE TABLE worker_leases (
    name TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
