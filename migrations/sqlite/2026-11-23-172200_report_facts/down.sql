DROP TABLE projection_rebuilds;
DROP TABLE report_facts;
