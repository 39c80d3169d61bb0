-- A follow-up step, greeting or letter keepwarm sent answers nobody (since
-- the reply clock's thread filter left them out), but a clock measured
-- before that kept such a step as its answer until its thread was measured
-- again, which needs new mail or a change of owner or grade: the customer's
-- mail waited unanswered with no nudge, off the desk and "within target" in
-- the reports. Their threads are measured again.
INSERT OR IGNORE INTO reply_dirty (thread_id)
SELECT rc.thread_id FROM reply_clocks rc
JOIN messages r ON r.id = rc.reply_id
JOIN outbox o ON o.message_id = r.message_id
WHERE o.origin IN ('sequence', 'greeting', 'letter');
