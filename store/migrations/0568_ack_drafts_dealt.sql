-- 0568: when a person said on the desk that they dealt with a draft keepwarm
-- could not take out of Drafts (kept or edited). A follow-up step's draft
-- that may be in Drafts (uncertain, or failed after its APPEND lost the
-- answer) is settled already when its follow-up ends, so its settled_at
-- cannot say so: web-stale-drafts lists it until this is set.
ALTER TABLE ack_drafts ADD COLUMN dealt_at INTEGER;
