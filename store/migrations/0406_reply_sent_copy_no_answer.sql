-- A follow-up step filed in Drafts and sent by the salesperson under a new
-- Message-ID (its copy recorded in outbox.sent_copy, 0388) is keepwarm's
-- own mail: it answers nobody, in its thread or elsewhere, as a step sent
-- by keepwarm does (0355). Clocks measured before its copy was matched
-- kept it as their answer until their thread was measured again: the
-- customer's mail waited with no nudge, off the desk, "within target" in
-- the reports. Matching a copy now measures again every clock it answered
-- (found by its customer's clocks up to its arrival) and its own thread.
CREATE TRIGGER reply_dirty_sent_copy AFTER UPDATE OF sent_copy ON outbox
WHEN NEW.sent_copy != ''
BEGIN
    INSERT OR IGNORE INTO reply_dirty (thread_id)
    SELECT thread_id FROM messages WHERE key = NEW.sent_copy;
    INSERT OR IGNORE INTO reply_dirty (thread_id)
    SELECT rc.thread_id FROM messages r
    JOIN reply_clocks rc ON rc.customer_id = r.customer_id AND rc.received_at <= r.received_at
    WHERE r.key = NEW.sent_copy AND rc.reply_id = r.id;
END;

-- Clocks an upgraded database holds whose answer is such a copy.
INSERT OR IGNORE INTO reply_dirty (thread_id)
SELECT rc.thread_id FROM reply_clocks rc
JOIN messages r ON r.id = rc.reply_id
JOIN outbox o ON o.sent_copy = r.message_id AND o.sent_copy != ''
WHERE o.origin = 'sequence';
