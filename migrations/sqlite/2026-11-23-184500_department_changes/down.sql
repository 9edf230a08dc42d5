DROP TABLE department_changes;
