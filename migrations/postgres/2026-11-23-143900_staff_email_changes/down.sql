DROP TABLE staff_email_changes;
