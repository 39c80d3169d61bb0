-- A customer's new owner or grade marks the threads of its reply clocks
-- dirty, found through reply_clocks_customer, instead of the threads of its
-- inbound messages, which took reading every such message's row (the pool's
-- first run after a large sync hands out thousands of customers). The same
-- threads: a thread with an inbound message of the customer either has its
-- clock or is dirty already (not measured yet, or changed since: the
-- triggers on messages mark it).
CREATE INDEX reply_clocks_customer ON reply_clocks(customer_id);
DROP TRIGGER reply_dirty_customer_update;
CREATE TRIGGER reply_dirty_customer_update AFTER UPDATE OF owner, grade ON customers
BEGIN
    INSERT OR IGNORE INTO reply_dirty (thread_id)
    SELECT DISTINCT thread_id FROM reply_clocks WHERE customer_id = NEW.id;
END;
