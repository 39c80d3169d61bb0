-- A customer's open call tasks follow the customer: handed to another
-- salesperson, claimed from the pool or put back in it (owner ''), its
-- calls due go to whoever has it now, not to someone whose desk no longer
-- shows the customer. Done tasks keep who did them.
CREATE TRIGGER tasks_follow_owner
AFTER UPDATE OF owner ON customers
WHEN NEW.owner IS NOT OLD.owner
BEGIN
    UPDATE tasks SET owner = NEW.owner WHERE customer_id = NEW.id AND done_at IS NULL;
END;
