-- When a running target clock turns amber (past its internal goal, or under a
-- quarter of its working time left), stored as an instant like its deadline so
-- that the queue compares it with `now` and never needs a calendar.
ALTER TABLE tickets ADD COLUMN lead_warn_at TEXT;
ALTER TABLE clocks ADD COLUMN warn_at TEXT;
-- Until each ticket's next event (or `desk rebuild`) recomputes it exactly, the
-- internal goal is the best stored approximation.
UPDATE tickets SET lead_warn_at = lead_goal_due_at;
UPDATE clocks SET warn_at = goal_due_at;
