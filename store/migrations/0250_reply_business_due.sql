-- 0250: when a running clock's target passes counting working hours only,
-- so the business-hours share of a report counts mail still unanswered past
-- it as a breach (beside the answered ones), not only the answered mail.
-- NULL: answered, or not known. The running clocks are measured again to
-- fill it.
ALTER TABLE reply_clocks ADD COLUMN business_due_at INTEGER;

INSERT OR IGNORE INTO reply_dirty (thread_id)
SELECT DISTINCT thread_id FROM reply_clocks WHERE replied_at IS NULL AND covered_by IS NULL AND waived_at IS NULL;
