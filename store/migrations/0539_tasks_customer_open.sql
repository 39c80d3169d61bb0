-- 0539: a customer's open call tasks, found by customer. tasks_follow_owner
-- (0234) moves them to the customer's new owner on every change of owner;
-- without an index on customer_id each change read the whole tasks table,
-- which the pool's thousands of owner changes after a large sync would do
-- once follow-ups have made call tasks. Done tasks are never moved.
CREATE INDEX tasks_customer_open ON tasks(customer_id) WHERE done_at IS NULL;
