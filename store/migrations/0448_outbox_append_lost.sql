-- 0448: whether a draft's APPEND to Drafts was started and its answer lost
-- (the line dropped before the server's OK): it may be in Drafts, or sent
-- by the salesperson from there under a new Message-ID, and the next
-- attempt looks for it as after a crash before filing it. This was read
-- from last_error alone, which the next failed attempt, a hold or a wait
-- for the mailbox's first sync wrote over, and the draft was then filed a
-- second time. Only filing it (drafted) or a person's requeue clears it.
-- Drafts queued again now after such an APPEND keep what their error says.
ALTER TABLE outbox ADD COLUMN append_lost INTEGER NOT NULL DEFAULT 0;
UPDATE outbox SET append_lost = 1
WHERE mode = 'draft' AND status IN ('queued', 'sending') AND last_error LIKE '%: append to %';
