-- Full-text search over tickets (`desk search`, the console's `/`): id, subject, the
-- thread (bodies and notes of the events the customer sees), customer, requester and
-- assignee. Triggers on the projection keep it right inside the transaction that writes
-- a ticket, so a rebuild (which rewrites every row) rebuilds it too.

CREATE VIRTUAL TABLE ticket_search USING fts5(
    id, subject, thread, customer, requester, assignee,
    tokenize = 'porter unicode61'
);

-- What a ticket's entry holds; `doc` is the ticket row's rowid, the entry's rowid.
-- The kinds are those console/domain/events.py KINDS marks internal=False (a test holds
-- them equal); undone events leave the thread.
CREATE VIEW ticket_search_source AS
SELECT t.rowid AS doc, t.id, t.subject,
       coalesce((SELECT group_concat(
                     coalesce(json_extract(e.payload, '$.body'), '') || ' '
                     || coalesce(json_extract(e.payload, '$.note'), ''),
                     ' ')
                 FROM events e
                 WHERE e.ticket_id = t.id
                   AND e.kind IN ('open', 'respond', 'request_info', 'customer_reply', 'update_sent',
                                  'split_from', 'resolve', 'close')
                   AND e.id NOT IN (SELECT json_extract(u.payload, '$.undoes') FROM events u
                                    WHERE u.ticket_id = t.id AND u.kind = 'undo')), '') AS thread,
       coalesce(t.customer, '') AS customer, coalesce(t.requester, '') AS requester,
       coalesce(t.assignee, '') AS assignee
FROM tickets t;

CREATE TRIGGER tickets_search_insert AFTER INSERT ON tickets
BEGIN
    INSERT INTO ticket_search (rowid, id, subject, thread, customer, requester, assignee)
    SELECT doc, id, subject, thread, customer, requester, assignee
    FROM ticket_search_source WHERE doc = new.rowid;
END;

CREATE TRIGGER tickets_search_update AFTER UPDATE ON tickets
BEGIN
    DELETE FROM ticket_search WHERE rowid = old.rowid;
    INSERT INTO ticket_search (rowid, id, subject, thread, customer, requester, assignee)
    SELECT doc, id, subject, thread, customer, requester, assignee
    FROM ticket_search_source WHERE doc = new.rowid;
END;

CREATE TRIGGER tickets_search_delete AFTER DELETE ON tickets
BEGIN
    DELETE FROM ticket_search WHERE rowid = old.rowid;
END;

-- A store made before this migration: every ticket it holds.
INSERT INTO ticket_search (rowid, id, subject, thread, customer, requester, assignee)
SELECT doc, id, subject, thread, customer, requester, assignee FROM ticket_search_source;
