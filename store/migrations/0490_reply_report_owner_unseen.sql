-- A clock answered by mail keepwarm never saw (unseen_by, 0471) is
-- answered, at a time not known, by whoever had the customer then: a
-- customer handed on (or back to the pool) afterwards, while the clock
-- would still be within its target, does not file that answer under the
-- new owner, who never saw the mail. The trigger of 0332 (made again by
-- 0436) is made again leaving such clocks alone, as it leaves clocks
-- answered or marked "no answer needed"; replies-upsert keeps their
-- report_owner too.
DROP TRIGGER IF EXISTS reply_report_owner_at_handover;
CREATE TRIGGER reply_report_owner_at_handover
AFTER INSERT ON pool_events
WHEN NEW.event IN ('assigned', 'claimed', 'owner', 'released', 'returned')
BEGIN
    UPDATE reply_clocks
    SET report_owner = CASE WHEN NEW.event IN ('released', 'returned') OR coalesce(NEW.salesperson, '') = '' THEN 'pool:'
                            ELSE NEW.salesperson END
    WHERE customer_id = NEW.customer_id AND replied_at IS NULL AND waived_at IS NULL AND unseen_by IS NULL
      AND started_at + target_seconds >= NEW.at;
END;
