-- A clock still within its target when its customer goes back to the pool
-- (released, returned, or an owner edit to nobody) is marked 'pool:' in
-- report_owner, not '': the trigger cannot know who answers the pool's mail
-- (the mailbox's owner, a setting), and '' let the next measurement file a
-- breach that happened in the pool under whoever claimed the customer after
-- it. replies-upsert keeps 'pool:' on a clock past its target, and the
-- measurement then writes in the pool's answerer, as the measurement finds
-- it for a customer with no owner.
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
