-- Digests and summaries.

-- name: digest-bounced
-- ?1 owner ('' : every customer), ?2 the oldest bounce listed. Addresses of
-- surviving customers that bounced, or whose person left the company, since
-- ?2, newest first; left_at and the successor say which.
SELECT ct.email, ct.name, c.id AS customer_id, c.key AS customer, c.name AS customer_name,
       c.owner, max(coalesce(ct.bounced_at, 0), coalesce(ct.left_at, 0)) AS bounced_at,
       coalesce(ct.left_at, 0) AS left_at, ct.successor
FROM contacts ct JOIN customers c ON c.id = ct.customer_id
WHERE (ct.bounced_at >= ?2 OR ct.left_at >= ?2) AND c.merged_into IS NULL
  AND (?1 = '' OR c.owner = ?1)
ORDER BY 7 DESC, ct.email;

-- name: digest-customer-names
-- The customers that have a name, by key: digests and summaries name them.
SELECT key, name FROM customers WHERE trim(name) != '';
