-- Every import of a year's official holiday notice (R-TIME-10), kept whole and never overwritten: the
-- latest import of each year is loaded at start on top of the built-in data, and the earlier ones stay
-- as the record of what the deadlines were computed on before. Keep in lockstep with ../../sqlite/.
CREATE TABLE calendar_imports (
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    csv TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_by_name TEXT NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    cases_updated INTEGER NOT NULL,
    PRIMARY KEY (year, seq)
);
