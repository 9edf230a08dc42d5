DROP TABLE calendar_imports;
