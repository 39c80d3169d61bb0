-- replies-elsewhere finds the measured clocks of a customer in the week
-- before an outbound message through (customer_id, received_at), instead
-- of every inbound message of the customer in that week through
-- messages_customer and then its clock: after a large first sync no thread
-- is measured yet and the old way read each inbound message of the week for
-- each outbound one, to find no clock (0.15 s of the first tick at
-- 100,000 messages). The trigger of 0231 reads the same index by its prefix.
DROP INDEX reply_clocks_customer;
CREATE INDEX reply_clocks_customer ON reply_clocks(customer_id, received_at);
