-- Intake threading: an email's Message-ID (and those it replies to) map to the
-- ticket it opened or joined, so a reply lands on the same ticket.
CREATE TABLE message_ids (
    message_id  TEXT PRIMARY KEY,
    ticket_id   TEXT NOT NULL
);
CREATE INDEX message_ids_by_ticket ON message_ids (ticket_id);
