DROP TABLE worker_leases;
DROP TABLE staff_emails;
DROP TABLE mail_attempts;
DROP INDEX outbox_case;
DROP INDEX outbox_dedupe;
ALTER TABLE outbox DROP COLUMN lease_owner;
ALTER TABLE outbox DROP COLUMN dedupe_key;
ALTER TABLE outbox DROP COLUMN kind;
