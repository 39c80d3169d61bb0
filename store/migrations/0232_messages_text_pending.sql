-- Ordinary incoming mail older than sync's recent window is stored from
-- its header first, on a first sync; its text (the snippet and the
-- attachments' names) follows in the background. text_pending marks such a
-- message until its text is filled in. The partial index holds the few
-- rows still waiting, for the backfill to find them.
ALTER TABLE messages ADD COLUMN text_pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX messages_text_pending ON messages (id) WHERE text_pending = 1;
