-- 0424: a customer's calendar answering the team's meeting invitation
-- ("Accepted: Video call", stored as a notice: no reply clock, no ack) is
-- still the contact's answer to the mail followed up, and ends its
-- follow-up as answered; seq-events reads it by this mark. Notices stored
-- before keep 0: which of them were a calendar's answer is not known.
ALTER TABLE messages ADD COLUMN calendar_reply INTEGER NOT NULL DEFAULT 0;
