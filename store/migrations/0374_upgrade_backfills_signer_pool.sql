-- 0374: what 0312 and 0332 left as it was on a database that had them to
-- apply.
--
-- 0312 added the salesperson a follow-up is signed as (enrollments.signer)
-- with '' for every row it found, which reads as the mailbox's owner. A
-- follow-up from a shared mailbox (the team's sales@) running then still
-- went out signed as whoever wrote the mail it follows up, but was held on
-- the owner's absence, not theirs, kept going after the customer was
-- handed away from them, and was told to the owner. SQL cannot say whom
-- a step is signed as (that needs the config's salespeople and the mail
-- followed up), so the follow-up job reads it once for each row listed
-- here, then takes the row off the list.
CREATE TABLE enrollment_signer_reads (
    enrollment_id INTEGER PRIMARY KEY REFERENCES enrollments(id) ON DELETE CASCADE
) WITHOUT ROWID;

INSERT INTO enrollment_signer_reads (enrollment_id)
SELECT id FROM enrollments WHERE signer = '' AND status IN ('active', 'paused', 'failed');
