-- 0471: a customer's mail answered by mail of the team's that keepwarm never
-- saw (sent from a phone app that keeps no Sent copy, or from a mailbox
-- not synced) is known by the customer's next mail, which answers that
-- mail of ours (see unseenAnswers): unseen_by names that next mail. Such
-- a clock is answered at an unknown time: it neither runs nor counts as on
-- time or late; reports count it apart.
ALTER TABLE reply_clocks ADD COLUMN unseen_by INTEGER;

-- The clocks still running leave out those answered unseen.
DROP INDEX reply_clocks_open;
CREATE INDEX reply_clocks_open ON reply_clocks(started_at)
    WHERE replied_at IS NULL AND covered_by IS NULL AND waived_at IS NULL AND unseen_by IS NULL;

-- The threads with mail waiting now are measured again: a mail of the
-- customer's that arrived before this version may show its answer.
INSERT OR IGNORE INTO reply_dirty (thread_id)
SELECT DISTINCT thread_id FROM reply_clocks WHERE replied_at IS NULL AND covered_by IS NULL AND waived_at IS NULL;
