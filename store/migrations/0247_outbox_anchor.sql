-- 0246: the message a follow-up step follows up (its enrollment's anchor
-- when the step was queued; 0 for other mail and for steps queued before
-- this column). The last look before the send compares it with the
-- enrollment's anchor now: a mail the salesperson wrote in the thread
-- since the step was queued means the step waits again, whoever noticed
-- the mail first.
ALTER TABLE outbox ADD COLUMN anchor_id INTEGER NOT NULL DEFAULT 0;
