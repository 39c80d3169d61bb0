-- "No answer needed": a customer's mail a person settled without an answer
-- ("Thanks, received!"), from the desk or `keepwarm replies done`. One row
-- per message, who marked it and when; undo deletes it. The reply job reads
-- the marks when it measures a thread and writes the settled clock's
-- waived_at, so a mark survives every recompute. No foreign key to messages,
-- as for the clocks: a merge elsewhere must never fail because of it.
CREATE TABLE reply_waivers (
    message_id INTEGER PRIMARY KEY,   -- messages.id of the inbound message
    waived_by  TEXT NOT NULL,         -- who said it needs no answer
    waived_at  INTEGER NOT NULL       -- when
);
CREATE INDEX reply_waivers_at ON reply_waivers(waived_at);

-- The mark's time on a clock it settles; NULL on every other clock (an
-- answer that came anyway wins over the mark: the clock is answered).
ALTER TABLE reply_clocks ADD COLUMN waived_at INTEGER;

-- The clocks still running leave out the settled ones.
DROP INDEX reply_clocks_open;
CREATE INDEX reply_clocks_open ON reply_clocks(started_at)
    WHERE replied_at IS NULL AND covered_by IS NULL AND waived_at IS NULL;

-- A mark made or undone measures its thread again (a later mail of the
-- customer's that the marked one covered starts its own clock).
CREATE TRIGGER reply_dirty_waiver_insert AFTER INSERT ON reply_waivers
BEGIN
    INSERT OR IGNORE INTO reply_dirty (thread_id) SELECT thread_id FROM messages WHERE id = NEW.message_id;
END;

CREATE TRIGGER reply_dirty_waiver_delete AFTER DELETE ON reply_waivers
BEGIN
    INSERT OR IGNORE INTO reply_dirty (thread_id) SELECT thread_id FROM messages WHERE id = OLD.message_id;
END;
