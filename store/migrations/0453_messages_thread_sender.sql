-- messages_thread also holds each message's From name and Message-ID, so
-- that measuring a thread's reply clocks reads no row of messages at all
-- (0230 gave it what an inbound message needs): an outbound message's
-- From name is read, and its Message-ID looked up in the outbox (a
-- follow-up step, greeting or letter keepwarm sent answers nobody). After
-- a large first sync the first measurement reads every thread, and a page
-- of the table for each outbound message was about half of that read.
-- The acknowledgement and opt-out readers' look for a thread's outbound
-- mail read it from the index alone too.
DROP INDEX messages_thread;
CREATE INDEX messages_thread ON messages(thread_id, received_at, kind, customer_id, mailbox, from_email, from_name, message_id);
