-- 0488: the outbox item whose step a put-back replaced (the send's last
-- look putting a step back for a pause, a restart, recipients changed,
-- a failed follow-up's held mail; a person's Skip of that mail), 0 when
-- none. The put-back is written before the item's skip: when the skip is
-- lost the last look skips exactly that item, and no other queued mail of
-- the step number (an edit or a regrade that moves the follow-up back
-- onto a step number gives it a fresh key too, and its queued mail goes).
ALTER TABLE enrollments ADD COLUMN redo_of INTEGER NOT NULL DEFAULT 0;
