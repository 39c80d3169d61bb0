-- name: console-audit-recent
SELECT a.id, coalesce(a.customer_id, 0) AS customer_id, a.actor, a.action, a.subject, a.before, a.after, a.at
FROM web_audit a
ORDER BY a.at DESC, a.id DESC
LIMIT ?1;

-- name: console-customers-with-mail
SELECT c.id, c.key, c.name, c.domain, c.owner, c.grade, c.country
FROM customers c
JOIN (SELECT customer_id, max(received_at) AS last FROM messages WHERE kind = 'outbound' AND customer_id IS NOT NULL GROUP BY customer_id) m
  ON m.customer_id = c.id
WHERE c.merged_into IS NULL AND (?2 = 1 OR c.owner = ?1)
ORDER BY m.last DESC, c.id
LIMIT ?3;
