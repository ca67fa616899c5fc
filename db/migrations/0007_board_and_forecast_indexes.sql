-- The forecast and the breach board count and list the running clocks of open
-- tickets by deadline. The whole-table `clocks_by_due` index also holds every
-- met and stopped clock of every closed ticket, and checking each clock's
-- ticket is a random read per clock (seconds over a backlog of 300 000), so
-- each clock row carries its ticket's openness and this index holds only the
-- running clocks of open tickets, in the order the forecast lists them:
-- "breached now" and "due by the hour" are range counts over it alone (state
-- and ticket_open are repeated as columns so that SQLite sees it covers them).
ALTER TABLE clocks ADD COLUMN ticket_open INTEGER NOT NULL DEFAULT 1;
UPDATE clocks SET ticket_open = 0 WHERE ticket_id IN (SELECT id FROM tickets WHERE is_open = 0);
CREATE INDEX clocks_running_due ON clocks (kind, due_at, ticket_id, metric, instance, state, ticket_open)
    WHERE state = 'running' AND ticket_open = 1;

-- The breach board counts open tickets per vendor, severity and engineer, with how
-- many have their lead clock past due or due this shift: read from this index
-- alone, in its GROUP BY order, instead of every open ticket's whole row.
CREATE INDEX tickets_board ON tickets (is_open, policy, severity, assignee, lead_state, lead_due_at);
