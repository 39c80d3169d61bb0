-- 0286: what 0275 and 0276 left as it was on a database that had them to
-- apply, from the records kept since before them.
--
-- 0275 gave every clock today's owner as the one a report files it under,
-- though the pool's history knows whose the customer was when the clock
-- went past its target (or was marked "no answer needed"): the owner the
-- latest change of hands at or before then gave it; with none then, the one
-- the first change after it took the customer from. A customer in the pool
-- then (its mail the mailbox owner's or the manager's), or a history that
-- does not say, keeps what 0275 gave. Only clocks that went past their
-- target before 0275 ran: since then each is filed as it goes past.
WITH due AS (
    SELECT message_id, customer_id,
           CASE WHEN waived_at IS NOT NULL AND waived_at < started_at + target_seconds THEN waived_at
                ELSE started_at + target_seconds END AS t
    FROM reply_clocks
    WHERE replied_at IS NULL
      AND (waived_at IS NOT NULL OR measured_at - started_at > target_seconds)
),
was AS (
    SELECT d.message_id,
           CASE WHEN EXISTS (SELECT 1 FROM pool_events e WHERE e.customer_id = d.customer_id AND e.at <= d.t)
                THEN (SELECT CASE WHEN e.event IN ('assigned', 'claimed', 'won', 'owner') THEN e.salesperson ELSE '' END
                      FROM pool_events e WHERE e.customer_id = d.customer_id AND e.at <= d.t
                      ORDER BY e.at DESC, e.id DESC LIMIT 1)
                ELSE (SELECT CASE WHEN e.event = 'owner' THEN coalesce(e.previous, '')
                                  WHEN e.event IN ('released', 'returned') THEN e.salesperson ELSE '' END
                      FROM pool_events e WHERE e.customer_id = d.customer_id AND e.at > d.t
                      ORDER BY e.at, e.id LIMIT 1)
           END AS owner
    FROM due d
    WHERE d.t < (SELECT applied_at FROM schema_migrations WHERE version = '0275_reply_clock_report_owner')
)
UPDATE reply_clocks SET report_owner = was.owner
FROM was
WHERE was.message_id = reply_clocks.message_id AND coalesce(was.owner, '') <> '';

-- 0276 began to keep "has not left" (customers contact --not-left) on the
-- contact; before it, the command took the flag back and wrote its audit
-- line only, so the same autoresponder note again flagged the contact
-- anew. A contact still not flagged gets the decision back from its
-- latest audit line, with the address the note named then.
UPDATE contacts
SET not_left_at = (SELECT max(a.at) FROM web_audit a
                   WHERE a.action = 'contact.not-left' AND a.subject = contacts.email),
    not_left_successor = successor
WHERE left_at IS NULL AND not_left_at IS NULL
  AND EXISTS (SELECT 1 FROM web_audit a
              WHERE a.action = 'contact.not-left' AND a.subject = contacts.email);
