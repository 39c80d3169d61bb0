-- Threading (used inside SaveBatch's transaction).

-- name: thread-by-keys
-- ?1: a JSON array of keys. The threads they lead to, whether by a
-- Thread-Index key, and whether the thread has a customer yet.
SELECT k.thread_id, substr(k.key, 1, 3) = 'ti:' AS by_ti, t.customer_id IS NOT NULL AS has_customer
FROM json_each(?1) j
JOIN thread_keys k ON k.key = j.value
JOIN threads t ON t.id = k.thread_id;

-- name: thread-keys-set
-- ?1: a JSON array of keys, ?2: the message's thread. After a merge every
-- mid: key the message has already points at ?2, so overwriting them is safe
-- and repairs any key left behind. A Thread-Index key held by another thread
-- stays there: the References chain that put this message elsewhere is the
-- stronger evidence.
INSERT INTO thread_keys (key, thread_id)
SELECT value, ?2 FROM json_each(?1) WHERE true
ON CONFLICT (key) DO UPDATE SET thread_id = excluded.thread_id
WHERE thread_keys.thread_id != excluded.thread_id AND substr(excluded.key, 1, 4) = 'mid:';

-- name: thread-by-subject
-- The customer's threads with this normalised subject whose latest message
-- lies in [?3, ?4]. The caller picks the closest: an ORDER BY on a bound
-- value here costs ten times the lookup.
SELECT id, last_at FROM (
    SELECT t.id, (SELECT max(m.received_at) FROM messages m WHERE m.thread_id = t.id) AS last_at
    FROM threads t
    WHERE t.customer_id = ?1 AND t.subject_key = ?2
)
WHERE last_at BETWEEN ?3 AND ?4;

-- name: thread-insert
INSERT INTO threads (customer_id, subject, subject_key, created_at) VALUES (?, ?, ?, ?) RETURNING id;

-- name: thread-set-customer
UPDATE threads SET customer_id = ? WHERE id = ? AND customer_id IS NULL;

-- name: thread-merge-messages
UPDATE messages SET thread_id = ? WHERE thread_id = ?;

-- name: thread-merge-keys
UPDATE thread_keys SET thread_id = ? WHERE thread_id = ?;

-- name: thread-merge-customer
UPDATE threads SET customer_id = (SELECT customer_id FROM threads WHERE id = ?2)
WHERE id = ?1 AND customer_id IS NULL;

-- name: thread-merge-subject
-- The survivor (?1) takes the title of the thread merged into it (?2) when
-- that one's came from an earlier message.
UPDATE threads SET subject = f.subject, subject_at = f.subject_at
FROM threads f
WHERE threads.id = ?1 AND f.id = ?2 AND f.subject_at IS NOT NULL
  AND (threads.subject_at IS NULL OR f.subject_at < threads.subject_at);

-- name: thread-merge-redirect
-- Earlier merges into the thread merged away (?2) now lead to the survivor (?1).
UPDATE thread_merges SET to_id = ?1 WHERE to_id = ?2;

-- name: thread-merge-record
INSERT INTO thread_merges (from_id, to_id, merged_at) VALUES (?2, ?1, ?3);

-- name: thread-delete
DELETE FROM threads WHERE id = ?;

-- Reading threads and messages.

-- name: message-get
SELECT m.id, m.key, m.message_id, m.thread_id, coalesce(m.customer_id, 0) AS customer_id,
       coalesce(c.key, '') AS customer_key, m.kind, m.from_email, m.from_name, m.to_addrs, m.cc_addrs,
       m.subject, m.date, m.received_at, m.size, m.snippet, m.raw_header, m.in_reply_to, m.refs,
       m.thread_index, m.thread_topic, m.bounced_recipient, m.auto_reply_until, m.parse_error,
       m.attachments,
       coalesce(mt.text, '') AS text, coalesce(mt.cut, 0) AS text_cut, m.text_pending,
       CASE WHEN m.folder_role = 'sent' THEN m.mailbox ELSE '' END AS sent_in
FROM messages m LEFT JOIN customers c ON c.id = m.customer_id
LEFT JOIN message_texts mt ON mt.message_id = m.id
WHERE m.id = ?;

-- name: message-contacts
-- By email; GetMessage puts them in the header's order.
SELECT ct.name, ct.email
FROM message_contacts mc JOIN contacts ct ON ct.id = mc.contact_id
WHERE mc.message_id = ? ORDER BY ct.email;

-- name: threads-list
-- ?1: a customer key, domain or contact email ('' for all); ?2: limit (-1 for none);
-- ?3: 1 to include threads with no customer (internal mail, keepwarm's own
-- nudges) and threads made only of automatic replies.
-- A key or domain selects the customer's threads; an email the threads that
-- contact appears in. Without either, a thread made only of automatic replies
-- (an out-of-office that named no thread it answers) is left out: it is not
-- a conversation; it stays with its customer, listed under the customer.
WITH sel AS (
    SELECT id FROM threads WHERE ?1 = '' AND (?3 = 1 OR customer_id IS NOT NULL
        AND EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = threads.id AND m.kind NOT IN ('auto_reply', 'left_company')))
    UNION
    SELECT t.id FROM customers c JOIN threads t ON t.customer_id = c.id
    WHERE c.key = ?1 OR (c.domain = lower(?1) AND c.domain != '')
    UNION
    SELECT m.thread_id FROM contacts ct
    JOIN message_contacts mc ON mc.contact_id = ct.id
    JOIN messages m ON m.id = mc.message_id
    WHERE ct.email = lower(?1)
)
SELECT t.id, coalesce(t.customer_id, 0) AS customer_id, coalesce(c.key, '') AS customer, t.subject,
       count(*) AS messages,
       min(m.received_at) AS first_at,
       max(m.received_at) AS last_at,
       max(CASE WHEN m.kind = 'inbound' THEN m.received_at END) AS last_inbound_at,
       max(CASE WHEN m.kind = 'outbound' THEN m.received_at END) AS last_outbound_at,
       (SELECT group_concat(email, char(10) ORDER BY email) FROM (
            SELECT DISTINCT ct.email FROM messages m2
            JOIN message_contacts mc ON mc.message_id = m2.id
            JOIN contacts ct ON ct.id = mc.contact_id
            WHERE m2.thread_id = t.id)) AS contacts
FROM sel
CROSS JOIN threads t ON t.id = sel.id          -- CROSS JOIN: visit only the selected threads
CROSS JOIN messages m ON m.thread_id = t.id
LEFT JOIN customers c ON c.id = t.customer_id
GROUP BY t.id
ORDER BY last_at DESC, t.id DESC
LIMIT ?2;

-- name: thread-references
-- Every other column that points at threads(id) by foreign key (the outbox
-- and whatever later migrations add): a merge moves those rows too.
SELECT m.name AS tbl, f."from" AS col
FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
WHERE m.type = 'table' AND f."table" = 'threads'
  AND m.name NOT IN ('messages', 'thread_keys')
ORDER BY m.name, f."from";
