DROP TABLE report_locks;
