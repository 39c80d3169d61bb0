-- The text backfill reads a message stored from its header alone
-- (messages.text_pending) from one of its copies. text_gone marks a copy
-- the server no longer had when the backfill asked for its text (expunged
-- or moved meanwhile): the backfill does not ask for it again, and a
-- message whose every copy is gone stops waiting for a text that cannot
-- come.
ALTER TABLE message_copies ADD COLUMN text_gone INTEGER NOT NULL DEFAULT 0;
