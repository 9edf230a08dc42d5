DROP TABLE user_departments;
