-- A clock still within its target when its customer changes hands goes on
-- under the new owner (or under nobody, back in the pool), from that
-- instant: the report files a late clock under the owner it had when its
-- target passed. Nothing measures at a change of hands, and the next
-- measurement (after the next stored mail, or at the next nudge) may come
-- after the target; replies-upsert keeps the owner it finds on a clock that
-- is past its target by then, which without this would be the one before
-- the change. Every change of owner records a pool event at its time (the
-- trigger has no other clock): the events that give a customer an owner name
-- them, a release or a return leaves it with none; 'won' and 'pooled' change
-- no owner. Clocks answered or marked "no answer needed" keep theirs.
--
-- A clock whose customer goes back to the pool (released, returned, or an
-- owner edit to nobody) is marked 'pool:' in report_owner, not '': the
-- trigger cannot know who answers the pool's mail (the mailbox's owner, a
-- setting), and '' let the next measurement file a breach that happened in
-- the pool under whoever claimed the customer after it. replies-upsert keeps
-- 'pool:' on a clock past its target, and the measurement then writes in the
-- pool's answerer, as the measurement finds it for a customer with no owner.
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
