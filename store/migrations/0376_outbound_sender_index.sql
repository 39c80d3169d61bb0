-- 0376: the team's normal mail around an out-of-office run is read by
-- sender address and by the Sent folder of the absent person's mailbox,
-- from the reply's instant outward, one row found each way: reading every
-- outbound message since the run's first reply (months, for a long leave)
-- took ~86 ms per absent person at 100,000 messages, several times a tick.
CREATE INDEX messages_outbound_from ON messages(from_email, received_at) WHERE kind = 'outbound';
CREATE INDEX messages_outbound_sent ON messages(mailbox, received_at) WHERE kind = 'outbound' AND folder_role = 'sent';
