-- Digests and summaries.

-- name: digest-bounced
-- ?1 owner ('' : every customer), ?2 the oldest bounce listed. Addresses of
-- surviving customers that bounced since ?2 and still stand bounced, newest first.
SELECT ct.email, ct.name, c.id AS customer_id, c.key AS customer, c.name AS customer_name,
       c.owner, ct.bounced_at
FROM contacts ct JOIN customers c ON c.id = ct.customer_id
WHERE ct.bounced_at IS NOT NULL AND ct.bounced_at >= ?2 AND c.merged_into IS NULL
  AND (?1 = '' OR c.owner = ?1)
ORDER BY ct.bounced_at DESC, ct.email;
