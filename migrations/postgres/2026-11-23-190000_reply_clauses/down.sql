DROP TABLE reply_clause_uses;
DROP TABLE reply_clauses;
DROP FUNCTION reply_clauses_append_only();
