-- Opt-outs read from the customers' own mail (sequences.OptOuts).

-- name: optout-candidates
-- ?1 the earliest received_at read. Real mail from a customer's contact
-- (inbound: not an auto-reply, a bounce or a list mail) whose text is in
-- and that was not read yet. via is the origin of keepwarm's automated mail
-- it answers (via_subject its subject), '' when it answers none: the mail its In-Reply-To names is a
-- letter, a greeting or a follow-up step keepwarm sent; or, for mail with
-- no In-Reply-To (Outlook), the thread's latest outbound mail before it
-- is. A customer's later mail in a thread that only once had a letter in
-- it answers the salesperson, not keepwarm: its words are not read.
-- The thread's latest outbound mail is looked for only for a customer
-- keepwarm wrote to (the first run after a large sync reads every inbound
-- mail of the lookback, and most customers have none), and through
-- messages_thread ("+p.kind": messages_kind would read every outbound mail
-- before it, per candidate).
-- copy_pending is 1 for mail with no In-Reply-To while keepwarm's automated
-- mail to the customer went out (since ?1) before it arrived and
-- that mail's copy from Sent is not stored yet (sync read the INBOX first):
-- the thread's latest team mail may be that one. It stays 1 until the copy
-- is stored, or until the reader has put the answer off since before ?2.
SELECT a.*, coalesce(v.origin, '') AS via, coalesce(v.subject, '') AS via_subject
FROM (
    SELECT m.id, m.thread_id, m.customer_id, c.key AS customer, c.owner, m.from_email, m.subject, m.snippet, m.received_at,
           (m.in_reply_to = ''
            AND EXISTS (SELECT 1 FROM outbox k
                        WHERE k.customer_id = m.customer_id
                          AND k.origin IN ('letter', 'greeting', 'sequence')
                          AND k.status IN ('sent', 'uncertain')
                          AND coalesce(k.sent_at, k.attempted_at) BETWEEN ?1 AND m.received_at
                          AND NOT EXISTS (SELECT 1 FROM messages p WHERE p.key = k.message_id))
            AND NOT EXISTS (SELECT 1 FROM opt_out_waits w WHERE w.message_id = m.id AND w.since < ?2)) AS copy_pending,
           coalesce(
               (SELECT o.id FROM outbox o
                WHERE m.in_reply_to != '' AND o.customer_id = m.customer_id
                  AND o.origin IN ('letter', 'greeting', 'sequence')
                  AND instr(' ' || m.in_reply_to || ' ', ' ' || o.message_id || ' ') > 0
                LIMIT 1),
               CASE WHEN m.in_reply_to = '' AND EXISTS (
                   SELECT 1 FROM outbox o WHERE o.customer_id = m.customer_id
                     AND o.origin IN ('letter', 'greeting', 'sequence'))
               THEN (SELECT o.id FROM outbox o
                     WHERE o.customer_id = m.customer_id
                       AND o.origin IN ('letter', 'greeting', 'sequence')
                       AND o.message_id = (SELECT p.message_id FROM messages p
                                           WHERE p.thread_id = m.thread_id AND +p.kind = 'outbound' AND p.received_at <= m.received_at
                                           ORDER BY p.received_at DESC, p.id DESC LIMIT 1)
                     LIMIT 1) END) AS via_id
    FROM messages m JOIN customers c ON c.id = m.customer_id
    WHERE m.kind = 'inbound' AND m.received_at >= ?1 AND m.text_pending = 0
      AND EXISTS (SELECT 1 FROM contacts ct WHERE ct.email = m.from_email)
      AND NOT EXISTS (SELECT 1 FROM opt_out_reads r WHERE r.message_id = m.id)
) a LEFT JOIN outbox v ON v.id = a.via_id
ORDER BY a.received_at, a.id;

-- name: optout-reads
-- ?1: a JSON array of message ids, read for opt-out wording at ?2 (a first
-- run after a large sync reads thousands: one statement for them all).
INSERT INTO opt_out_reads (message_id, read_at) SELECT j.value, ?2 FROM json_each(?1) j WHERE true
ON CONFLICT (message_id) DO NOTHING;

-- name: optout-reads-unwait
-- ?1: a JSON array of message ids read: none is put off any more.
DELETE FROM opt_out_waits WHERE message_id IN (SELECT value FROM json_each(?1));

-- name: optout-waits
-- ?1: a JSON array of message ids: answers put off from ?2 until keepwarm's
-- copy is stored; one put off already keeps its first since.
INSERT INTO opt_out_waits (message_id, since) SELECT j.value, ?2 FROM json_each(?1) j WHERE true
ON CONFLICT (message_id) DO NOTHING;
