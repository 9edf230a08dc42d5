DROP TABLE reply_clause_uses;
DROP TABLE reply_clauses;
