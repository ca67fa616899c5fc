-- Files that arrived with a message. The content is kept here, in the store, so
-- one message's attachments commit (or roll back) with its events.
CREATE TABLE attachments (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id       TEXT NOT NULL,
    message_key     TEXT NOT NULL,          -- the Message-ID (or content hash) it came with
    name            TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    size            INTEGER NOT NULL,       -- bytes, as received
    sha256          TEXT,                   -- of the content as received
    content         BLOB,                   -- NULL once purged, or when too large to keep
    state           TEXT NOT NULL,          -- stored | too_large | purged
    note            TEXT,                   -- e.g. "too large, not stored (12.0 MiB > 10.0 MiB)"
    purged_at       TEXT,                   -- UTC, "YYYY-MM-DDTHH:MM:SSZ"
    purge_event_id  TEXT                    -- the `purge` event that removed the content
);
CREATE INDEX attachments_by_ticket ON attachments (ticket_id);

-- ISPsystem 3.9.1: files of a resolved ticket are deleted. Whoever appends a
-- `purge` event (the resolve action, a merge from another store), the content
-- goes in the same transaction; name, type, size and hash stay as the record.
CREATE TRIGGER attachments_purge AFTER INSERT ON events
WHEN NEW.kind = 'purge'
BEGIN
    UPDATE attachments
       SET content = NULL, state = 'purged', purged_at = NEW.at, purge_event_id = NEW.id
     WHERE ticket_id = NEW.ticket_id AND state = 'stored';
END;
