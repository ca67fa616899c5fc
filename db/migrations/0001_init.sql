-- The first schema: contracts, the append-only event log, and the projections
-- (tickets, clocks) that a fold over the log rebuilds.

CREATE TABLE contracts (
    id        TEXT PRIMARY KEY,
    customer  TEXT NOT NULL,
    policy    TEXT NOT NULL,
    plan      TEXT NOT NULL,
    options   TEXT NOT NULL DEFAULT '{}',   -- JSON object
    domains   TEXT NOT NULL DEFAULT '[]'    -- JSON list of email domains
);

-- The log. `seq` is the store order (ties on `at` break by it); `id` is the
-- UUID other stores and undo events refer to.
CREATE TABLE events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE,
    ticket_id  TEXT NOT NULL,
    at         TEXT NOT NULL,               -- UTC, "YYYY-MM-DDTHH:MM:SSZ"
    at_epoch   INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL DEFAULT '{}'   -- JSON object
);
CREATE INDEX events_by_ticket ON events (ticket_id, seq);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

-- Short human ticket ids ("T-1001") come from this counter, not from the log,
-- so an id is never reused even if the projections are rebuilt.
CREATE TABLE counters (
    name   TEXT PRIMARY KEY,
    value  INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('ticket', 1000);

-- Projection of a ticket's events, plus the queue's sort columns.
CREATE TABLE tickets (
    id                  TEXT PRIMARY KEY,
    contract_id         TEXT REFERENCES contracts (id),   -- NULL: not routed yet
    policy              TEXT,
    plan                TEXT,
    customer            TEXT,
    subject             TEXT NOT NULL,
    body                TEXT NOT NULL,
    severity            TEXT,
    sev_rank            INTEGER,            -- lower is more severe
    impact              TEXT,
    urgency             TEXT,
    status              TEXT NOT NULL,
    side                TEXT NOT NULL,      -- vendor | customer
    tier                TEXT,
    assignee            TEXT,
    requester           TEXT,
    attributes          TEXT NOT NULL,      -- JSON object
    parent_id           TEXT,
    children            TEXT NOT NULL,      -- JSON list of ticket ids
    duplicate_of        TEXT,
    reject_reason       TEXT,
    dev_required        INTEGER NOT NULL,
    attachments_purged  INTEGER NOT NULL,
    out_of_hours_minutes INTEGER NOT NULL,
    flags               TEXT NOT NULL,      -- JSON list of short strings from the pack
    opened_at           TEXT,
    updated_at          TEXT,
    version             INTEGER NOT NULL,   -- number of events in the ticket's log
    is_open             INTEGER NOT NULL,
    sort_bucket         INTEGER NOT NULL,   -- 0 running target clock, 1 paused, 2 none
    sort_key            INTEGER NOT NULL,   -- 0: due epoch; 1: remaining seconds; 2: 0, or 1 if no contract
    -- the clock that decides the ticket's place (see services/projection.py)
    lead_metric         TEXT,
    lead_instance       INTEGER,
    lead_state          TEXT,
    lead_due_at         TEXT,
    lead_remaining      INTEGER,
    lead_breached       INTEGER,
    lead_calendar       TEXT,
    lead_goal_due_at    TEXT
);
CREATE INDEX tickets_queue ON tickets (is_open, sort_bucket, sort_key, sev_rank, id);
CREATE INDEX tickets_by_contract ON tickets (contract_id);

-- Projection: one row per metric instance, as of the ticket's latest event.
CREATE TABLE clocks (
    ticket_id       TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    metric          TEXT NOT NULL,
    instance        INTEGER NOT NULL,
    kind            TEXT NOT NULL,          -- target | timer
    state           TEXT NOT NULL,          -- running | paused | met | stopped
    started_at      TEXT,
    due_at          TEXT,
    met_at          TEXT,
    remaining       INTEGER,                -- working seconds left at the latest event
    breached        INTEGER NOT NULL,
    calendar        TEXT,
    goal_due_at     TEXT,
    policy_version  TEXT,
    PRIMARY KEY (ticket_id, metric, instance)
);
CREATE INDEX clocks_by_due ON clocks (due_at);
