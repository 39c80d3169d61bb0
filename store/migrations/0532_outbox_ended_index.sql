-- 0532: every outbox item that ends unsent (skipped, failed, uncertain)
-- records when in ended_at (0278 recorded only a person's Skip): the
-- dispatcher's skip or failure after a hold or a first sync that lasted
-- past a digest is dated when it happened, not at the item's old due time.
-- Items that ended before this migration get the time they tell (the
-- latest of created, due or held to, attempted), as the digest judged them
-- so far. The digest reads the items that ended in its period through
-- outbox_ended, not the whole outbox.
UPDATE outbox SET ended_at = max(created_at, next_attempt_at, coalesce(attempted_at, 0))
WHERE ended_at IS NULL AND status IN ('skipped', 'failed', 'uncertain');
CREATE INDEX outbox_ended ON outbox(ended_at) WHERE ended_at IS NOT NULL;
