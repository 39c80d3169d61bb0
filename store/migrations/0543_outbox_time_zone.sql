-- 0543: the zone of the person a mail is written in the name of, when it
-- is not its mailbox's owner (a follow-up from the team's sales@, owned by
-- the manager in Shanghai, signed by the salesperson in Dubai who wrote
-- the mail it follows up): its Date header is written in it, as its
-- quote's times are. '' for mail queued before, and for mail in the
-- mailbox owner's name: dated in the owner's zone, as before.
ALTER TABLE outbox ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
