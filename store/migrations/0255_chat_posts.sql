-- One row per message posted to a chat channel (the instant its nudges were
-- claimed): the posts a restarted dispatcher counts in its rate window.
-- outbox.attempted_at keeps only an item's latest attempt, so a post that
-- was refused for now and tried again was counted once, not twice, though
-- the platform counted both. Rows older than an hour are dropped as posts
-- are added.
CREATE TABLE chat_posts (
    mailbox TEXT NOT NULL,    -- 'chat:<name>'
    at      INTEGER NOT NULL  -- unix seconds
);
CREATE INDEX chat_posts_mailbox_at ON chat_posts(mailbox, at);

-- The last minute's posts as the outbox knows them, for a restart right
-- after the upgrade.
INSERT INTO chat_posts (mailbox, at)
SELECT DISTINCT mailbox, attempted_at FROM outbox
WHERE chat != '' AND attempted_at >= (SELECT max(attempted_at) FROM outbox WHERE chat != '') - 60;
