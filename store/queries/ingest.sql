-- Statements SaveBatch prepares once per batch transaction.

-- name: ingest-lookup
-- Whether this copy is stored already, and the message with this key if any.
-- (Scalar subqueries: a LEFT JOIN on a constant row re-prepares on every bind.)
SELECT EXISTS (SELECT 1 FROM message_copies
               WHERE mailbox = ?1 AND folder = ?2 AND uid_validity = ?3 AND uid = ?4) AS have_copy,
       (SELECT id FROM messages WHERE key = ?5) AS id,
       (SELECT received_at FROM messages WHERE key = ?5) AS received_at;

-- name: last-insert-rowid
-- The id of the row the last INSERT made (insertID; cheaper than RETURNING).
SELECT last_insert_rowid();

-- name: ingest-thread-insert
INSERT INTO threads (customer_id, subject, subject_key, created_at) VALUES (?, ?, ?, ?);

-- name: ingest-insert-copy
INSERT INTO message_copies (mailbox, folder, uid_validity, uid, message_id, internal_date)
VALUES (?, ?, ?, ?, ?, ?);

-- name: ingest-earlier-copy
UPDATE messages SET received_at = ?, mailbox = ?, folder_role = ?
WHERE id = ? AND received_at > ?;

-- name: ingest-customer-by-key
-- The customer a message's key names (the customer book, 0003, keeps these
-- meeting): the customer with that key, or the one it was merged into; else,
-- for 'addr:' keys, the customer holding that contact (a free-mail address a
-- salesperson imported under a company); else, for 'domain:' keys, the
-- surviving customer with that company domain.
SELECT id FROM (
    SELECT coalesce(merged_into, id) AS id, 0 AS rank FROM customers WHERE key = ?1
    UNION ALL
    SELECT customer_id, 1 FROM contacts WHERE substr(?1, 1, 5) = 'addr:' AND email = substr(?1, 6)
    UNION ALL
    SELECT id, 2 FROM customers
    WHERE substr(?1, 1, 7) = 'domain:' AND domain = substr(?1, 8) AND domain != '' AND merged_into IS NULL
) ORDER BY rank, id LIMIT 1;

-- name: ingest-customer-by-domain
SELECT id FROM customers WHERE domain = ? AND domain != '' ORDER BY id LIMIT 1;

-- name: ingest-insert-customer
INSERT INTO customers (key, name, domain, created_at) VALUES (?, ?, ?, ?);

-- name: ingest-contact-by-email
SELECT id, name FROM contacts WHERE email = ?;

-- name: ingest-insert-contact
INSERT INTO contacts (customer_id, email, name, created_at) VALUES (?, ?, ?, ?);

-- name: ingest-contact-name
UPDATE contacts SET name = ? WHERE id = ? AND name = '';

-- name: ingest-contact-bounced
UPDATE contacts SET bounced_at = max(coalesce(bounced_at, 0), ?) WHERE id = ?;

-- name: ingest-insert-message
INSERT INTO messages (
    key, message_id, thread_id, customer_id, kind,
    from_email, from_name, to_addrs, cc_addrs, subject,
    date, received_at, mailbox, folder_role, size,
    snippet, raw_header, in_reply_to, refs, thread_index,
    thread_topic, bounced_recipient, auto_reply_until, parse_error
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: ingest-message-contact
INSERT OR IGNORE INTO message_contacts (message_id, contact_id) VALUES (?, ?);
