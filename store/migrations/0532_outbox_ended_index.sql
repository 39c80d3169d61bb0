-- 0532: every outbox item that ends unsent (skipped, failed, uncertain)
-- records when in ended_at (0278 recorded only a person's Skip): the
-- dispatcher's skip or failure after a hold or a first sync that lasted
-- past a digest is dated when it happened, not at the item's old due time.
-- Only what a digest can still report gets that date now: greetings and
-- letters, not dry-run records, that ended in the last 40 days (a digest
-- looks back at most a month), dated by the time they tell (the latest of
-- created, due or held to, attempted), as the digest judged them so far.
-- Older items, follow-up steps and dry-run records stay NULL and are dated
-- as before from those times where they are read, so an upgrade does not
-- rewrite years of rows. The digest reads the items that ended in its
-- period through outbox_ended, not the whole outbox.
UPDATE outbox SET ended_at = max(created_at, next_attempt_at, coalesce(attempted_at, 0))
WHERE ended_at IS NULL AND status IN ('skipped', 'failed', 'uncertain')
  AND origin IN ('greeting', 'letter') AND mode != 'dry-run'
  AND max(created_at, next_attempt_at, coalesce(attempted_at, 0)) >= CAST(strftime('%s', 'now') AS INTEGER) - 40 * 86400;
CREATE INDEX outbox_ended ON outbox(ended_at) WHERE ended_at IS NOT NULL;
