-- 0410: every failed address of a bounce, and which failed for a while
-- only, as the delivery report said (a full mailbox, a server refusing for
-- hours): a bounce stored before the team's mail it returns (read live in
-- INBOX before the next poll of Sent, or filed in Sent by the mail client
-- after the bounce came) names no stored message and flags nobody then;
-- the store applies it when that mail is stored, with the same rules, and
-- needs them. bounced_also: the other failed addresses, comma-joined;
-- bounced_soft: those of all failed addresses whose failure was temporary.
-- Bounces stored before keep NULL there: not known, read as temporary (one
-- alone flags nothing).
ALTER TABLE messages ADD COLUMN bounced_also TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN bounced_soft TEXT;
-- The bounces waiting for the team's mail they return: few, and the sync
-- of Sent asks for them only while there are any.
CREATE INDEX messages_stray_bounces ON messages(thread_id)
    WHERE kind = 'bounce' AND customer_id IS NULL AND bounced_recipient != '';
