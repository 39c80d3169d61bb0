-- 0191: how each mailbox's sync is doing, for /healthz. Every completed pass
-- (and every IDLE round) is recorded, whether or not it found mail, so a
-- quiet mailbox is not taken for a stuck one; a failed attempt records why.
CREATE TABLE mailbox_sync (
    mailbox        TEXT PRIMARY KEY,
    pass_at        INTEGER,                   -- last completed pass or IDLE round
    failed_at      INTEGER,                   -- last failed attempt since then; NULL after a pass
    failure        TEXT NOT NULL DEFAULT '',  -- why it failed
    cannot_connect INTEGER NOT NULL DEFAULT 0 -- 1 when it failed before a session began (connect, TLS, login)
);
