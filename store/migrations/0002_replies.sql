-- 0002: reply clocks (DOMAIN.md rule 1). One row per inbound customer
-- message: when it arrived, when the team first answered it, who answered,
-- and the nudges sent about it. Times are Unix seconds (UTC).
--
-- Measurement is incremental: triggers on messages and customers put the
-- threads whose clocks may have changed into reply_dirty, inside the very
-- transaction that changed them; the reply job recomputes only those threads
-- and empties the table. No foreign keys: a message or customer merged or
-- removed by another feature must never fail because of a clock; the job
-- deletes clocks whose message is no longer an inbound message of its thread.

CREATE TABLE reply_clocks (
    message_id       INTEGER PRIMARY KEY,        -- messages.id of the inbound message
    thread_id        INTEGER NOT NULL,
    customer_id      INTEGER NOT NULL,
    mailbox          TEXT NOT NULL,              -- receiving mailbox (its earliest copy)
    received_at      INTEGER NOT NULL,           -- this message's arrival
    started_at       INTEGER NOT NULL,           -- the clock's start: the first unanswered message of the run
    covered_by       INTEGER,                    -- NULL: this message holds the clock; else the holder's id
    replied_at       INTEGER,                    -- NULL while unanswered
    reply_id         INTEGER,                    -- messages.id of the answer
    replied_by       TEXT NOT NULL DEFAULT '',   -- salesperson who answered
    seconds          INTEGER,                    -- replied_at - started_at
    business_seconds INTEGER,                    -- the same within the owner's working hours
    target_seconds   INTEGER NOT NULL,
    within_target    INTEGER,                    -- 1/0 once answered
    owner            TEXT NOT NULL DEFAULT '',   -- who answers for it (customer, mailbox, manager)
    nudge1_at        INTEGER,                    -- first nudge queued (at nudge_after)
    nudge2_at        INTEGER,                    -- second nudge queued (at the target)
    digest_at        INTEGER,                    -- too old to nudge: handed to the digest
    measured_at      INTEGER NOT NULL
);
CREATE INDEX reply_clocks_started ON reply_clocks(started_at);
CREATE INDEX reply_clocks_thread ON reply_clocks(thread_id);
-- The clocks still running: what the nudge step scans every tick.
CREATE INDEX reply_clocks_open ON reply_clocks(started_at)
    WHERE replied_at IS NULL AND covered_by IS NULL;

CREATE TABLE reply_dirty (
    thread_id INTEGER PRIMARY KEY
) WITHOUT ROWID;

-- Settings the stored figures depend on (targets, hours): when they change,
-- every clock is measured again.
CREATE TABLE reply_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER reply_dirty_message_insert AFTER INSERT ON messages
WHEN NEW.kind IN ('inbound', 'outbound')
BEGIN
    INSERT OR IGNORE INTO reply_dirty (thread_id) VALUES (NEW.thread_id);
END;

-- Thread merges, an earlier copy found, a customer merge or a reclassification.
CREATE TRIGGER reply_dirty_message_update
AFTER UPDATE OF thread_id, customer_id, kind, received_at, mailbox ON messages
WHEN NEW.kind IN ('inbound', 'outbound') OR OLD.kind IN ('inbound', 'outbound')
BEGIN
    INSERT OR IGNORE INTO reply_dirty (thread_id) VALUES (NEW.thread_id);
    INSERT OR IGNORE INTO reply_dirty (thread_id) VALUES (OLD.thread_id);
END;

-- A new owner or grade changes who is nudged and which target applies.
CREATE TRIGGER reply_dirty_customer_update AFTER UPDATE OF owner, grade ON customers
BEGIN
    INSERT OR IGNORE INTO reply_dirty (thread_id)
    SELECT DISTINCT thread_id FROM messages WHERE customer_id = NEW.id AND kind = 'inbound';
END;

-- A database synced before this migration is measured on the first run.
INSERT OR IGNORE INTO reply_dirty (thread_id)
SELECT DISTINCT thread_id FROM messages WHERE kind IN ('inbound', 'outbound');
