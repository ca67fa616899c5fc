-- The detail screen lists a ticket's duplicates; without an index that is a scan
-- of every ticket.
CREATE INDEX tickets_by_duplicate ON tickets (duplicate_of) WHERE duplicate_of IS NOT NULL;
