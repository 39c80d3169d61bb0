-- 0185: a customer's messages indexed by kind as well. What reads them asks
-- for one kind (the first inbound and outbound message when a new customer
-- is pooled, the latest inquiry in the customer list, answers after a
-- claim): with (customer_id, received_at) each such question read every
-- message of the customer from the table, and the messages of the few
-- customers who write most were read over and over. The list's counts are
-- answered from the index alone. Same number of indexes on the insert path.
DROP INDEX messages_customer;
CREATE INDEX messages_customer ON messages(customer_id, kind, received_at);
