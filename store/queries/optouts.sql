-- Opt-outs read from the customers' own mail (sequences.OptOuts).

-- name: optout-candidates
-- ?1 the earliest received_at read. Real mail from a customer's contact
-- (inbound: not an auto-reply, a bounce or a list mail) whose text is in
-- and that was not read yet. via is the origin of keepwarm's automated mail
-- it answers, NULL when none: a letter, a greeting or a follow-up step
-- that went out before it, in its thread, whose Message-ID is among the
-- thread's keys (the customer answered it, or its copy in Sent was synced),
-- or that was sent in the thread.
SELECT m.id, m.thread_id, m.customer_id, c.key AS customer, c.owner, m.from_email, m.subject, m.snippet, m.received_at,
       coalesce(
           (SELECT o.origin FROM thread_keys tk JOIN outbox o ON o.message_id = substr(tk.key, 5)
            WHERE tk.thread_id = m.thread_id AND substr(tk.key, 1, 4) = 'mid:'
              AND o.origin IN ('letter', 'greeting', 'sequence')
              AND coalesce(o.sent_at, o.appended_at, o.created_at) <= m.received_at
            ORDER BY o.id LIMIT 1),
           (SELECT o.origin FROM outbox o
            WHERE o.customer_id = m.customer_id AND o.thread_id = m.thread_id
              AND o.origin IN ('letter', 'greeting', 'sequence') AND o.status = 'sent'
              AND o.sent_at <= m.received_at
            ORDER BY o.id LIMIT 1),
           '') AS via
FROM messages m JOIN customers c ON c.id = m.customer_id
WHERE m.kind = 'inbound' AND m.received_at >= ?1 AND m.text_pending = 0
  AND EXISTS (SELECT 1 FROM contacts ct WHERE ct.email = m.from_email)
  AND NOT EXISTS (SELECT 1 FROM opt_out_reads r WHERE r.message_id = m.id)
ORDER BY m.received_at, m.id;

-- name: optout-read
INSERT INTO opt_out_reads (message_id, read_at) VALUES (?, ?)
ON CONFLICT (message_id) DO NOTHING;
