-- 0500: which of its plan's steps named step_name a follow-up's queued
-- step was, counted from 1 in the plan it was queued under (the 2nd
-- "email:resend"), 0 for other mail and for steps queued before. A step
-- named twice cannot be told by its name alone: after an edit, a put-back
-- by name put the first resend back onto the second, and one of the two
-- was never sent.
ALTER TABLE outbox ADD COLUMN step_nth INTEGER NOT NULL DEFAULT 0;
