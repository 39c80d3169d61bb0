-- name: console-audit-recent
-- The ?1 latest changes, newest first; with ?2 an entry's id, those before
-- that entry (the next page back).
SELECT a.id, coalesce(a.customer_id, 0) AS customer_id, a.actor, a.action, a.subject, a.before, a.after, a.at
FROM web_audit a
WHERE ?2 = 0 OR (a.at, a.id) < (SELECT b.at, b.id FROM web_audit b WHERE b.id = ?2)
ORDER BY a.at DESC, a.id DESC
LIMIT ?1;

-- name: console-owners-waiting
-- Every owner's customer mail waiting for an answer as the desk counts it
-- (started before ?1; past its target at ?2), by the clock's owner: by the
-- clock's own customer (web-waiting-count), not its thread's.
SELECT rc.owner AS owner, count(*) AS n, coalesce(sum(?2 - rc.started_at > rc.target_seconds), 0) AS late
FROM reply_clocks rc
JOIN customers c ON c.id = rc.customer_id
WHERE rc.replied_at IS NULL AND rc.covered_by IS NULL AND rc.waived_at IS NULL AND rc.unseen_by IS NULL AND rc.started_at < ?1
  AND c.merged_into IS NULL
GROUP BY rc.owner;

-- name: console-owners-running
-- Every salesperson's follow-ups still running (active or paused), under
-- the one each is signed as (e.signer, else the mailbox's owner), as the
-- desk lists them.
SELECT coalesce(nullif(e.signer, ''), e.owner) AS owner, count(*) AS n, 0 AS late
FROM enrollments e JOIN customers c ON c.id = e.customer_id
WHERE e.status IN ('active', 'paused')
GROUP BY coalesce(nullif(e.signer, ''), e.owner);

-- name: console-owners-tasks
-- Every owner's open tasks due before ?1.
SELECT t.owner AS owner, count(*) AS n, 0 AS late
FROM tasks t
WHERE t.done_at IS NULL AND t.due_at < ?1
GROUP BY t.owner;

-- name: console-customers-with-mail
SELECT c.id, c.key, c.name, c.domain, c.owner, c.grade, c.country
FROM customers c
JOIN (SELECT customer_id, max(received_at) AS last FROM messages WHERE kind = 'outbound' AND customer_id IS NOT NULL GROUP BY customer_id) m
  ON m.customer_id = c.id
WHERE c.merged_into IS NULL AND (?2 = 1 OR c.owner = ?1)
ORDER BY m.last DESC, c.id
LIMIT ?3;
