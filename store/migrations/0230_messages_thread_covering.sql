-- messages_thread also holds what measuring a thread's reply clocks reads of
-- each message (kind, customer, mailbox, sender), so that the first
-- measurement after a large sync (every thread) reads the index alone and
-- not every message's row, which holds its snippet and header. The queries
-- that use it by (thread_id, received_at) use it as before.
DROP INDEX messages_thread;
CREATE INDEX messages_thread ON messages(thread_id, received_at, kind, customer_id, mailbox, from_email);
