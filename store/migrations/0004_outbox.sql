-- 0004: the outbox, the one sending path for sequences, greetings and letters.
-- A row is written before any network I/O; its status only moves forward in
-- transactions, so a crash is resumed and never sends twice. Times are Unix
-- seconds (UTC). No foreign keys to sequence tables: they come from other
-- migrations and an item outlives an enrollment.

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,        -- idempotency key: 'seq:<enrollment>:<step>', 'greet:...'
    message_id      TEXT NOT NULL UNIQUE,        -- deterministic, without angle brackets
    mailbox         TEXT NOT NULL,               -- configured mailbox name to send from
    from_name       TEXT NOT NULL DEFAULT '',
    from_email      TEXT NOT NULL,
    to_addrs        TEXT NOT NULL DEFAULT '[]',  -- JSON [{"name":..,"email":..}]
    cc_addrs        TEXT NOT NULL DEFAULT '[]',
    subject         TEXT NOT NULL DEFAULT '',
    text_body       TEXT NOT NULL DEFAULT '',
    html_body       TEXT NOT NULL DEFAULT '',
    in_reply_to     TEXT NOT NULL DEFAULT '',
    refs            TEXT NOT NULL DEFAULT '',    -- space-separated ids
    mode            TEXT NOT NULL CHECK (mode IN ('send', 'draft', 'dry-run')),
    status          TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'uncertain', 'drafted', 'skipped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    attempted_at    INTEGER,                     -- start of the latest attempt (claim time)
    customer_id     INTEGER REFERENCES customers(id),
    thread_id       INTEGER REFERENCES threads(id),
    origin          TEXT NOT NULL DEFAULT '',
    sequence        TEXT,
    step            INTEGER,
    enrollment_id   INTEGER,
    due_at          INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER,
    appended_at     INTEGER
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_mailbox_attempt ON outbox(mailbox, attempted_at);
CREATE INDEX outbox_customer ON outbox(customer_id, created_at);
