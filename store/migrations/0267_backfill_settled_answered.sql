-- 0267: what keepwarm did before it recorded it, recorded now.
--
-- A failed or uncertain follow-up mail dealt with before 0258 added settled
-- has settled_at NULL, so the desk, /team and the digest listed it again
-- after the upgrade as needing someone ("send it again by hand"): settle
-- what the code since 0258 would have. Its step done again under a later
-- item (resumed, sent again, done again for the recipients left): settled
-- when that item was made.
UPDATE outbox SET
    settled_at = (SELECT min(n.created_at) FROM outbox n
                  WHERE n.enrollment_id = outbox.enrollment_id AND n.step = outbox.step AND n.id > outbox.id),
    settled = 'step ' || (step + 1) || ' was done again'
WHERE status IN ('failed', 'uncertain') AND settled_at IS NULL AND enrollment_id IS NOT NULL AND step IS NOT NULL
  AND EXISTS (SELECT 1 FROM outbox n
              WHERE n.enrollment_id = outbox.enrollment_id AND n.step = outbox.step AND n.id > outbox.id);
-- Its follow-up ended since: stopped by a person, or the customer answered,
-- opted out or bounced (nobody asks whether a mail arrived then); ended
-- otherwise (replaced by another sequence, completed), a failed mail only,
-- as an uncertain one may have gone out and stays for a person to check.
UPDATE outbox SET
    settled_at = (SELECT e.updated_at FROM enrollments e WHERE e.id = outbox.enrollment_id),
    settled = 'the follow-up ended after step ' || (step + 1) || ': '
        || (SELECT e.reason FROM enrollments e WHERE e.id = outbox.enrollment_id)
WHERE status IN ('failed', 'uncertain') AND settled_at IS NULL AND enrollment_id IS NOT NULL AND step IS NOT NULL
  AND EXISTS (SELECT 1 FROM enrollments e WHERE e.id = outbox.enrollment_id
              AND (e.status IN ('stopped', 'replied', 'opted-out', 'bounced')
                   OR (e.status IN ('superseded', 'completed') AND outbox.status = 'failed')));

-- A call task keepwarm closed because the customer answered (or asked for
-- no more mail), before 0252 added answered_by, counted as a call made in
-- the reports: the answer is no longer known by id, -1 says it was one.
UPDATE tasks SET answered_by = -1
WHERE answered_by = 0 AND done_at IS NOT NULL
  AND (outcome LIKE 'no call needed: % answered on %' OR outcome LIKE 'no call: % asked for no more mail on %');
