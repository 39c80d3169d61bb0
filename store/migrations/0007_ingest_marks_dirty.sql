-- 0007: sync marks the threads its new messages need measured once per batch
-- (ingest-mark-dirty), instead of a trigger firing for every message row.
-- The update trigger stays: merges and reclassification still mark through it.
DROP TRIGGER IF EXISTS reply_dirty_message_insert;
