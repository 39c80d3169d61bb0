-- name: greetings-recipients
-- Every contact of every live customer with what greetings need: the book's
-- salutation, language and birthday, the customer's products (tags),
-- opt-outs and bounces, how often and when last the contact wrote, when
-- they were last on a message, and when the team last wrote to the customer. keepwarm's own
-- greetings and letters do not count as "written to": only a salesperson's
-- mail and sequence follow-ups do. ?1 is one customer's id, or 0 for every
-- customer. A greeting, letter or step filed in Drafts and sent from there
-- under a new Message-ID is keepwarm's too, once its copy is matched
-- (outbox.sent_copy, MatchSentDrafts).
WITH seen AS (
    SELECT mc.contact_id,
           sum(CASE WHEN m.kind = 'inbound' AND m.from_email = ct.email THEN 1 ELSE 0 END) AS wrote,
           max(CASE WHEN m.kind = 'inbound' AND m.from_email = ct.email THEN m.received_at END) AS last_wrote,
           max(m.received_at) AS last_seen
    FROM message_contacts mc
    JOIN messages m ON m.id = mc.message_id
    JOIN contacts ct ON ct.id = mc.contact_id
    WHERE ?1 = 0 OR ct.customer_id = ?1
    GROUP BY mc.contact_id
),
written AS (
    SELECT m.customer_id, max(m.received_at) AS at
    FROM messages m
    WHERE m.kind = 'outbound' AND m.customer_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = m.message_id AND o.origin IN ('greeting', 'letter'))
      AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.sent_copy = m.message_id AND o.sent_copy != '' AND o.origin IN ('greeting', 'letter'))
      AND (?1 = 0 OR m.customer_id = ?1)
    GROUP BY m.customer_id
),
sent AS (
    SELECT customer_id, max(sent_at) AS at
    FROM outbox
    WHERE status = 'sent' AND customer_id IS NOT NULL AND origin NOT IN ('greeting', 'letter')
      AND (?1 = 0 OR customer_id = ?1)
    GROUP BY customer_id
),
-- The text of the team's latest mail to each contact (SQLite takes the
-- bare column from the row of the max): greetings write in its language
-- and reuse its salutation. Mail keepwarm wrote from a template (a
-- greeting, a letter, a follow-up step) is not how the salesperson writes:
-- a letter sent in English for want of a German one would make every
-- greeting after it English too. Its To and the contacts on it say whom
-- its opening greeted: a contact only in Cc was not.
own AS (
    SELECT mc.contact_id, mt.text, m.id AS message_id, m.to_addrs, max(m.received_at) AS at
    FROM message_contacts mc
    JOIN messages m ON m.id = mc.message_id AND m.kind = 'outbound'
    JOIN message_texts mt ON mt.message_id = m.id
    WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = m.message_id AND o.origin IN ('greeting', 'letter', 'sequence'))
      AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.sent_copy = m.message_id AND o.sent_copy != '' AND o.origin IN ('greeting', 'letter', 'sequence'))
      AND (?1 = 0 OR mc.contact_id IN (SELECT id FROM contacts WHERE customer_id = ?1))
    GROUP BY mc.contact_id
),
-- The team's latest mail to each contact whose text sync has not read yet
-- (messages.text_pending: history stored from the header first): while it
-- is newer than own's, own may not be the language the contact is written
-- in. Read through the partial index of the few pending messages.
pending AS (
    SELECT mc.contact_id, max(m.received_at) AS at
    FROM messages m
    JOIN message_contacts mc ON mc.message_id = m.id
    WHERE m.text_pending = 1 AND m.kind = 'outbound'
      AND (?1 = 0 OR mc.contact_id IN (SELECT id FROM contacts WHERE customer_id = ?1))
    GROUP BY mc.contact_id
),
-- The latest of the customer's mail still waiting for the team's answer
-- (an open reply clock): a greeting or a letter while it waits would read
-- as sent by a program. Read through the partial index of open clocks.
waiting AS (
    SELECT customer_id, max(started_at) AS at
    FROM reply_clocks
    WHERE replied_at IS NULL AND covered_by IS NULL AND waived_at IS NULL AND unseen_by IS NULL
      AND (?1 = 0 OR customer_id = ?1)
    GROUP BY customer_id
),
-- The customer's running follow-up, if any (an active one first, else the
-- oldest paused): the month's letter waits while the salesperson chases an
-- answer, and says whether it runs or is paused.
live AS (
    SELECT customer_id, coalesce(min(CASE WHEN status = 'active' THEN id END), min(id)) AS id, max(status = 'active') AS running,
           -- the latest end of their pauses; 0 when one has none
           CASE WHEN max(status = 'paused' AND coalesce(paused_until, 0) = 0) THEN 0
                ELSE max(CASE WHEN status = 'paused' THEN paused_until ELSE 0 END) END AS paused_until
    FROM enrollments
    WHERE status IN ('active', 'paused')
      AND (?1 = 0 OR customer_id = ?1)
    GROUP BY customer_id
)
SELECT c.id, c.key, c.name, c.domain, c.owner, c.grade, c.country, c.time_zone, c.language, c.created_at,
       c.tags, c.opted_out_at IS NOT NULL AS customer_opted_out,
       (ct.from_book OR ct.salutation != '' OR ct.birthday != '' OR ct.holidays != '') AS from_book,
       (c.source != 'mail' OR EXISTS (SELECT 1 FROM contacts x WHERE x.customer_id = c.id
            AND (x.salutation != '' OR x.birthday != '' OR x.holidays != ''))) AS customer_in_book,
       ct.holidays,
       ct.id AS contact_id, ct.email AS contact_email, ct.name AS contact_name,
       ct.salutation, ct.language AS contact_language, ct.birthday,
       ct.bounced_at IS NOT NULL AS bounced, ct.left_at IS NOT NULL AS left_company, ct.company_address,
       EXISTS (SELECT 1 FROM opt_outs o WHERE o.email = ct.email) AS opted_out,
       coalesce(seen.wrote, 0) AS wrote, coalesce(seen.last_wrote, 0) AS last_wrote, seen.last_seen,
       max(coalesce(written.at, 0), coalesce(sent.at, 0)) AS last_written_at,
       coalesce(own.text, '') AS own_text,
       coalesce(own.to_addrs, '') AS own_to,
       coalesce((SELECT group_concat(oc.email, ',') FROM message_contacts omc
                 JOIN contacts oc ON oc.id = omc.contact_id
                 WHERE omc.message_id = own.message_id), '') AS own_contacts,
       coalesce(pending.at > coalesce(own.at, 0), 0) AS own_text_pending,
       coalesce(waiting.at, 0) AS waiting_since,
       coalesce(live.id, 0) AS follow_up,
       coalesce((SELECT e.created_at FROM enrollments e WHERE e.id = live.id), 0) AS follow_up_since,
       coalesce(live.running, 0) AS follow_up_running, coalesce(live.paused_until, 0) AS follow_up_paused_until
FROM customers c
JOIN contacts ct ON ct.customer_id = c.id
LEFT JOIN seen ON seen.contact_id = ct.id
LEFT JOIN own ON own.contact_id = ct.id
LEFT JOIN pending ON pending.contact_id = ct.id
LEFT JOIN written ON written.customer_id = c.id
LEFT JOIN sent ON sent.customer_id = c.id
LEFT JOIN waiting ON waiting.customer_id = c.id
LEFT JOIN live ON live.customer_id = c.id
WHERE c.merged_into IS NULL AND (?1 = 0 OR c.id = ?1)
ORDER BY c.id, ct.id;

-- name: greetings-waiting-since
-- ?1 customer. When the latest of its mail still waiting for the team's
-- answer (an open reply clock) started; 0 when none waits. Mail stored
-- but not measured yet (its thread is in reply_dirty: a question read a
-- moment ago) counts as waiting until the reply job has measured it,
-- unless marked "no answer needed".
SELECT max(
    (SELECT coalesce(max(started_at), 0) FROM reply_clocks
     WHERE customer_id = ?1 AND replied_at IS NULL AND covered_by IS NULL AND waived_at IS NULL AND unseen_by IS NULL),
    (SELECT coalesce(max(m.received_at), 0) FROM messages m JOIN reply_dirty d ON d.thread_id = m.thread_id
     WHERE m.customer_id = ?1 AND m.kind = 'inbound'
       AND NOT EXISTS (SELECT 1 FROM reply_waivers w WHERE w.message_id = m.id)));

-- name: greetings-outbox-by-keys
-- The argument is a JSON array of keys.
SELECT * FROM outbox WHERE key IN (SELECT value FROM json_each(?));

-- name: greetings-insert
INSERT INTO greetings (kind, customer_id, contact_id, occasion, year, month, outbox_key, created_at, template, template_hash, second_on)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING;

-- name: greetings-by-key
SELECT kind, customer_id, contact_id, occasion, year, month, outbox_key, created_at, template, template_hash, second_on
FROM greetings WHERE outbox_key = ?;

-- name: greetings-forget
-- ?1 outbox key, ?2 the outbox item's id: the greeting is no longer
-- recorded (the next plan queues it afresh) and the item keeps a key of
-- its own.
DELETE FROM greetings WHERE outbox_key = ?1;

-- name: greetings-rekey
UPDATE outbox SET key = key || ':replanned:' || id WHERE id = ?2 AND key = ?1;
