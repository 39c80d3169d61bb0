-- Who a follow-up's steps are signed as, when not the mailbox's owner: a
-- follow-up from a shared mailbox (the team's sales@) speaks for whoever
-- wrote the mail it follows up, and that salesperson, not the mailbox's
-- owner, is told of it (digest, desk). '' : the owner (rows from before,
-- a mailbox's own from_name).
ALTER TABLE enrollments ADD COLUMN signer TEXT NOT NULL DEFAULT '';
