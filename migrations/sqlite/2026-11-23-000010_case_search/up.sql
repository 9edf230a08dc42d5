-- What case lists filter and search on beyond the projection: the channel an application came by
-- and the text of what it asks for, kept beside `cases` (which is at diesel's 16-column limit) and
-- rewritten with the projection on every append. The events stay the record.
CREATE TABLE case_search (
    case_id TEXT PRIMARY KEY NOT NULL REFERENCES cases (id),
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    channel TEXT,
    request_text TEXT
);
INSERT INTO case_search (case_id, agency_id, channel, request_text)
SELECT c.id, c.agency_id, COALESCE(json_extract(e.payload, '$.application.receipt.channel'), json_extract(e.payload, '$.application.receipt.how')), json_extract(e.payload, '$.application.description')
FROM cases c JOIN case_events e ON e.case_id = c.id AND e.kind = 'registered';
CREATE INDEX case_search_agency_channel ON case_search (agency_id, channel);
CREATE INDEX cases_agency_outcome ON cases (agency_id, outcome);
