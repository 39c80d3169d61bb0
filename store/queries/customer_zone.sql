-- name: customer-inbound-headers
-- The header blocks of a customer's latest dated mail of their own (not
-- auto-replies or bounces), newest first: their Date fields carry the UTC
-- offset the customer writes in.
SELECT raw_header FROM messages
WHERE customer_id = ? AND kind = 'inbound' AND date IS NOT NULL
ORDER BY received_at DESC, id DESC
LIMIT ?;
