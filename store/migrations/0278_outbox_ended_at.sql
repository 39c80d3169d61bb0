-- 0277: when an outbox item ended unsent by a person's hand (Skip on the
-- desk), which nothing else records: its next_attempt_at may still be the
-- time a hold had put it off to, days later. The digest tells a step not
-- sent as news once, in the first digest after ended_at. Items that ended
-- before this column existed keep NULL and are dated as before.
ALTER TABLE outbox ADD COLUMN ended_at INTEGER;
