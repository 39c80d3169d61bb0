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

-- 0286 left a clock that went past its target (or was marked "no answer
-- needed") while its customer was in the pool with what 0275 gave it, the
-- owner of the day 0275 ran: a breach from before a salesperson claimed
-- the customer was filed under them. Since 0332 such a clock is marked
-- 'pool:' and its next measurement files it under whoever answers the
-- pool's mail of its mailbox; these are marked so too, and measured again.
-- In the pool then: the latest change of hands at or before that instant
-- put the customer there (pooled, released, returned, or an owner edit to
-- nobody). Only clocks that went past their target before 0275 ran, as in
-- 0286.
WITH due AS (
    SELECT message_id, customer_id,
           CASE WHEN waived_at IS NOT NULL AND waived_at < started_at + target_seconds THEN waived_at
                ELSE started_at + target_seconds END AS t
    FROM reply_clocks
    WHERE replied_at IS NULL AND report_owner <> 'pool:'
      AND (waived_at IS NOT NULL OR measured_at - started_at > target_seconds)
),
pooled AS (
    SELECT d.message_id FROM due d
    WHERE d.t < (SELECT applied_at FROM schema_migrations WHERE version = '0275_reply_clock_report_owner')
      AND (SELECT e.event IN ('pooled', 'released', 'returned')
                  OR (e.event = 'owner' AND coalesce(e.salesperson, '') = '')
           FROM pool_events e
           WHERE e.customer_id = d.customer_id AND e.at <= d.t
             AND e.event IN ('assigned', 'claimed', 'owner', 'pooled', 'released', 'returned')
           ORDER BY e.at DESC, e.id DESC LIMIT 1)
)
UPDATE reply_clocks SET report_owner = 'pool:'
FROM pooled
WHERE pooled.message_id = reply_clocks.message_id;

-- Measured again (with any other clock waiting for its pool answerer).
INSERT OR IGNORE INTO reply_dirty (thread_id)
SELECT thread_id FROM reply_clocks WHERE report_owner = 'pool:' AND replied_at IS NULL;
