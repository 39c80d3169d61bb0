-- What a chat robot told keepwarm that outlasts one post, kept for the
-- next process (`keepwarm tick` runs one pass a process): the time before
-- which it must not be posted to (DingTalk's 130101 throttles a robot for
-- 10 minutes, a 429's Retry-After) with the platform's words, and the most
-- bytes a message may have after it refused one as too long (0 = its
-- published limit). One row per channel, replaced as it changes.
CREATE TABLE chat_blocks (
    mailbox       TEXT PRIMARY KEY,           -- 'chat:<name>'
    blocked_until INTEGER NOT NULL DEFAULT 0, -- unix seconds; 0 = none
    reason        TEXT NOT NULL DEFAULT '',
    budget        INTEGER NOT NULL DEFAULT 0
);
