-- The outbox: one row per mail an event sends the customer, written in the
-- event's own transaction and delivered afterwards (`desk outbox send`, the
-- console's worker). The message is composed when queued, so a resend is the
-- same bytes with the same Message-ID; only From and the signature come from
-- the settings of the moment it leaves.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    event_id        TEXT NOT NULL UNIQUE REFERENCES events (id),
    ticket_id       TEXT NOT NULL,
    to_addr         TEXT,                  -- NULL or edited in: held until there is one
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    message_id      TEXT NOT NULL UNIQUE,
    in_reply_to     TEXT,
    refs            TEXT NOT NULL,         -- space-separated Message-IDs, oldest first
    automatic       INTEGER NOT NULL,      -- 1: a notice no one wrote (Auto-Submitted)
    state           TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed', 'held')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    queued_at       TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    claimed_until   TEXT,                  -- a sender is delivering it until then
    sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_by_ticket ON outbox (ticket_id);
