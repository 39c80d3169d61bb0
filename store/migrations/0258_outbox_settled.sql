-- 0258: a failed or uncertain item a person has dealt with: its step was
-- done again under a new key (resumed, sent again, or done again for the
-- recipients left), its follow-up was stopped, or a person said so on the
-- desk. It keeps its status and error; settled says what became of it, and
-- the desk's "Sends that need you" and the digest stop listing it.
ALTER TABLE outbox ADD COLUMN settled_at INTEGER;
ALTER TABLE outbox ADD COLUMN settled TEXT NOT NULL DEFAULT '';
