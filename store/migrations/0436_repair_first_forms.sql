-- Two migrations were changed after databases had run them, and one
-- (0354_reply_report_owner_pool) was removed: a database that ran their
-- first forms has them recorded and never runs them again. This one does
-- again what their last forms do, on any database.
--
-- 0332 first wrote '' and not 'pool:' for a clock whose customer goes
-- back to the pool, and 0354 (retired to this one) made the trigger as
-- 0332 makes it now: the trigger is made again as 0332 makes it now.
DROP TRIGGER IF EXISTS reply_report_owner_at_handover;
CREATE TRIGGER reply_report_owner_at_handover
AFTER INSERT ON pool_events
WHEN NEW.event IN ('assigned', 'claimed', 'owner', 'released', 'returned')
BEGIN
    UPDATE reply_clocks
    SET report_owner = CASE WHEN NEW.event IN ('released', 'returned') OR coalesce(NEW.salesperson, '') = '' THEN 'pool:'
                            ELSE NEW.salesperson END
    WHERE customer_id = NEW.customer_id AND replied_at IS NULL AND waived_at IS NULL
      AND started_at + target_seconds >= NEW.at;
END;

-- 0352 first made fetch_refusals without stored_through, which every sync
-- pass reads. The table holds only the passes' counts of refused messages,
-- which sync counts again: it is made again as 0352 makes it now.
DROP TABLE IF EXISTS fetch_refusals;
CREATE TABLE fetch_refusals (
    mailbox       TEXT    NOT NULL,
    folder        TEXT    NOT NULL,
    uid_validity  INTEGER NOT NULL,
    uid           INTEGER NOT NULL,
    tries         INTEGER NOT NULL,
    first_refused INTEGER NOT NULL, -- unix seconds
    -- The highest UID of the folder stored while the folder's position
    -- stays below this message: the next pass does not fetch those again.
    stored_through INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (mailbox, folder, uid_validity, uid)
);
