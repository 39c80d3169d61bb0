-- 0005: follow-up sequences (DOMAIN.md rule 2): which threads follow which
-- sequence, the tasks their steps leave for people, the addresses that asked
-- not to be written to, and the lock that lets one process dispatch at a
-- time. Times are Unix seconds (UTC). No foreign keys to messages: a merge
-- elsewhere must never fail because of an enrollment.

CREATE TABLE enrollments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id     INTEGER NOT NULL,
    customer_id   INTEGER NOT NULL,
    sequence      TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('active', 'paused', 'replied', 'bounced',
                      'opted-out', 'stopped', 'completed', 'superseded', 'failed')),
    step          INTEGER NOT NULL DEFAULT 0,   -- index of the next step
    redo          INTEGER NOT NULL DEFAULT 0,   -- steps put back after a last-second stop check
    anchor_id     INTEGER NOT NULL,             -- messages.id of the outbound followed up
    anchor_at     INTEGER NOT NULL,
    clock_at      INTEGER NOT NULL,             -- start of the step clock
    due_at        INTEGER NOT NULL,             -- next step, inside the send window
    paused_until  INTEGER,
    ooo_id        INTEGER NOT NULL DEFAULT 0,   -- latest out-of-office that paused it
    mailbox       TEXT NOT NULL DEFAULT '',
    owner         TEXT NOT NULL DEFAULT '',
    to_addrs      TEXT NOT NULL DEFAULT '[]',   -- JSON [{"name":..,"email":..}]
    reason        TEXT NOT NULL DEFAULT '',
    stopped_by    INTEGER NOT NULL DEFAULT 0,
    rev           INTEGER NOT NULL DEFAULT 0,   -- bumped by every update: a stale writer loses
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
-- One live enrollment per thread.
CREATE UNIQUE INDEX enrollments_live_thread ON enrollments(thread_id) WHERE status IN ('active', 'paused');
CREATE INDEX enrollments_due ON enrollments(status, due_at);
CREATE INDEX enrollments_customer ON enrollments(customer_id, status);
CREATE INDEX enrollments_anchor ON enrollments(thread_id, anchor_id);

CREATE TABLE tasks (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,         -- 'seq:<enrollment>:<step>'
    enrollment_id INTEGER,
    customer_id   INTEGER NOT NULL,
    thread_id     INTEGER,
    owner         TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL,
    sequence      TEXT NOT NULL DEFAULT '',
    step          INTEGER NOT NULL DEFAULT 0,
    due_at        INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    done_at       INTEGER
);
CREATE INDEX tasks_open ON tasks(owner, due_at) WHERE done_at IS NULL;

-- Addresses that asked not to be written to (unsubscribe wording in a
-- reply, or a person's command). Never enrolled, never sent to by a sequence.
CREATE TABLE opt_outs (
    email      TEXT PRIMARY KEY,                -- lower-cased
    message_id INTEGER NOT NULL DEFAULT 0,      -- messages.id that asked, 0 for a command
    reason     TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
) WITHOUT ROWID;
