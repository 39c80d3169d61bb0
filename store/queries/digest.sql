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

-- name: digest-opted-out
-- ?1 owner ('' : every customer), ?2 the oldest listed. Addresses of
-- surviving customers that asked for no more mail in an answer since ?2
-- (an opt-out a person entered is not listed), newest first, with the
-- subject of the mail that asked; a customer opted out as a whole by an
-- answer ("remove us") is one line (company 1) naming who asked, instead of
-- that address's own.
SELECT o.email, c.key AS customer, c.name AS customer_name, o.created_at AS at,
       coalesce(m.subject, '') AS subject, 0 AS company
FROM opt_outs o
JOIN contacts ct ON ct.email = o.email
JOIN customers c ON c.id = ct.customer_id
LEFT JOIN messages m ON m.id = o.message_id
WHERE o.created_at >= ?2 AND o.message_id > 0 AND c.merged_into IS NULL
  AND (?1 = '' OR c.owner = ?1)
  AND NOT (c.opted_out_at IS NOT NULL AND c.opt_out_message = o.message_id)
UNION ALL
SELECT coalesce(m.from_email, ''), c.key, c.name, c.opted_out_at, coalesce(m.subject, ''), 1
FROM customers c
LEFT JOIN messages m ON m.id = c.opt_out_message
WHERE c.opted_out_at >= ?2 AND c.opt_out_message > 0 AND c.merged_into IS NULL
  AND (?1 = '' OR c.owner = ?1)
ORDER BY 4 DESC, 1;

-- name: digest-customer-names
-- The customers that have a name, by key: digests and summaries name them.
SELECT key, name FROM customers WHERE trim(name) != '';
