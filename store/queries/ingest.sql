-- Statements SaveBatch prepares once per batch transaction. The INSERTs are
-- also run with their VALUES tuple repeated (multiValues), several rows at once.

-- name: last-insert-rowid
-- The id of the row the last INSERT made (insertID; cheaper than RETURNING).
SELECT last_insert_rowid();

-- name: rows-changed
-- The rows the last INSERT, UPDATE or DELETE wrote itself (not a trigger's;
-- see runRowsCount).
SELECT changes();

-- name: ingest-next-ids
-- The ids the batch's new messages and threads start after. These are the
-- ids SQLite would pick itself: max(rowid) + 1 for messages, and for threads
-- (AUTOINCREMENT) past the highest id ever used, which sqlite_sequence keeps.
SELECT coalesce((SELECT max(id) FROM messages), 0) AS messages,
       max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'threads'), 0),
           coalesce((SELECT max(id) FROM threads), 0)) AS threads;

-- name: ingest-known-copies
-- ?1: a JSON array of [mailbox, folder, uid_validity, uid]: the indexes of
-- those stored already.
SELECT j.key FROM json_each(?1) j
JOIN message_copies c ON c.mailbox = j.value ->> 0 AND c.folder = j.value ->> 1
     AND c.uid_validity = j.value ->> 2 AND c.uid = j.value ->> 3;

-- name: ingest-copies-max-uid
-- The highest UID stored of one folder's UIDVALIDITY: a batch whose UIDs are
-- all above it has no copy stored yet, and the lookup above is not needed
-- (a folder's first sync, and every sync of new mail).
SELECT coalesce(max(uid), 0) FROM message_copies
WHERE mailbox = ? AND folder = ? AND uid_validity = ?;

-- name: ingest-known-messages
-- ?1: a JSON array of message keys: those stored already, with what tells a
-- copy from another message that reuses the Message-ID (Date, From, Subject,
-- and the body's size: RFC822.SIZE less the header, which every copy
-- rewrites; -1 when not known); its kind, which a copy in Sent may
-- correct (saver.reclassify); and the relay's address of relayed mail.
SELECT m.key, m.id, m.received_at, coalesce(m.date, 0), m.from_email, m.subject, coalesce(m.body_size, -1), m.kind, m.relayed_by
FROM json_each(?1) j JOIN messages m ON m.key = j.value;

-- name: ingest-known-thread-keys
-- ?1: a JSON array of threading keys: the threads they lead to, and the
-- thread's customer (0 for none yet).
SELECT k.key, k.thread_id, coalesce(t.customer_id, 0) AS customer_id, t.subject_at
FROM json_each(?1) j
JOIN thread_keys k ON k.key = j.value
JOIN threads t ON t.id = k.thread_id;

-- name: ingest-known-copy
-- The one-row forms of the three above, for values JSON cannot carry.
SELECT 1 FROM message_copies WHERE mailbox = ? AND folder = ? AND uid_validity = ? AND uid = ?;

-- name: ingest-known-message
SELECT key, id, received_at, coalesce(date, 0), from_email, subject, coalesce(body_size, -1), kind, relayed_by
FROM messages WHERE key = ?;

-- name: ingest-message-sent-to
-- Whether the message with key ?1 names address ?2 in To or Cc.
SELECT 1 FROM messages
WHERE key = ?1 AND instr(',' || to_addrs || ',' || cc_addrs || ',', ',' || ?2 || ',') > 0;

-- name: ingest-list-member
-- Whether a stored copy came through the list of List-Id ?1 naming none of
-- the team (messages.list_member_of): someone of the team is a member of
-- it. One probe of the partial index messages_list_member_of.
SELECT 1 FROM messages WHERE list_member_of = ?1 LIMIT 1;

-- name: ingest-hold-list-answered
-- The live follow-up of thread ?1 (active, or paused until a day, for an
-- absence), answered through a list someone of the team is a member of by
-- someone keepwarm cannot tell from the customer: paused for a person (?2
-- the reason, ?3 now), who resumes or stops it. A follow-up completed by
-- queuing its last step whose mail still waits in the outbox (a cap, a
-- window, an absence holds it) is paused too, so that the last look skips
-- that mail and puts the step back (sequences Recheck): the thread's
-- newest such one, and only when the thread has no live follow-up (one
-- live follow-up a thread: enrollments_live_thread). So is a failed one
-- whose mail still waits (a send window that never opens held it), and
-- the thread's newest follow-up when it failed with nothing queued (its
-- held mail skipped and the step put back, or its mail failed): Resume
-- would send the step. Else the mail, or the step put back, goes after
-- the possible answer once the failure is mended and the follow-up
-- resumed; its reason keeps the failure's after "; before: ", and
-- resuming it is resuming the failed follow-up. A failed one whose last
-- step's mail may have gone out (uncertain, or a draft given up as failed
-- after a filing of it lost its answer) stays failed: paused, it
-- would no longer offer "It arrived" (ingest-note-list-answered).
UPDATE enrollments SET status = 'paused',
    reason = CASE WHEN status = 'failed' AND reason <> '' THEN ?2 || '; before: ' || reason ELSE ?2 END,
    paused_until = NULL, paused_by_person = 1, rev = rev + 1, updated_at = ?3
WHERE thread_id = ?1 AND (status = 'active' OR (status = 'paused' AND paused_by_person = 0 AND paused_until IS NOT NULL)
    OR status IN ('completed', 'failed')
        AND id = (SELECT max(c.id) FROM enrollments c WHERE c.thread_id = ?1 AND c.status IN ('completed', 'failed')
            AND (EXISTS (SELECT 1 FROM outbox o WHERE o.enrollment_id = c.id AND o.status = 'queued')
                OR c.status = 'failed' AND c.id = (SELECT max(n.id) FROM enrollments n WHERE n.thread_id = ?1)
                    AND NOT EXISTS (SELECT 1 FROM (SELECT u.status, u.mode, u.append_lost FROM outbox u WHERE u.enrollment_id = c.id AND u.step IS NOT NULL
                        ORDER BY u.step DESC, u.id DESC LIMIT 1)
                        WHERE status = 'uncertain' OR (status = 'failed' AND mode = 'draft' AND append_lost = 1))))
        AND NOT EXISTS (SELECT 1 FROM enrollments l WHERE l.thread_id = ?1 AND l.status IN ('active', 'paused')));

-- name: ingest-note-list-answered
-- The thread ?1's newest follow-up when it failed on a mail that may have
-- gone out (its last step's item uncertain, or a draft given up as failed
-- after a filing of it lost its answer: it may be in Drafts) and the thread has no live
-- follow-up: answered through a list as ingest-hold-list-answered says,
-- it stays failed, still offering "It arrived" and "Send again", and its
-- reason says so first (?2, then "; before: " and what its failure
-- asked), once for that reason; either button then leaves it paused for
-- a person (sequences Arrived, SendAgain), not running on after the
-- possible answer. ?3 now.
UPDATE enrollments SET reason = CASE WHEN reason <> '' THEN ?2 || '; before: ' || reason ELSE ?2 END,
    rev = rev + 1, updated_at = ?3
WHERE thread_id = ?1 AND status = 'failed'
    AND id = (SELECT max(n.id) FROM enrollments n WHERE n.thread_id = ?1)
    AND (SELECT u.status = 'uncertain' OR (u.status = 'failed' AND u.mode = 'draft' AND u.append_lost = 1)
        FROM outbox u WHERE u.enrollment_id = enrollments.id AND u.step IS NOT NULL
        ORDER BY u.step DESC, u.id DESC LIMIT 1)
    AND substr(reason, 1, length(?2)) <> ?2
    AND NOT EXISTS (SELECT 1 FROM enrollments l WHERE l.thread_id = ?1 AND l.status IN ('active', 'paused'));

-- name: ingest-known-thread-key
SELECT k.key, k.thread_id, coalesce(t.customer_id, 0) AS customer_id, t.subject_at
FROM thread_keys k JOIN threads t ON t.id = k.thread_id
WHERE k.key = ?;

-- name: ingest-same-customer
-- Whether customers ?1 and ?2 are one, or one was merged into the other.
SELECT coalesce((SELECT merged_into FROM customers WHERE id = ?1), ?1)
     = coalesce((SELECT merged_into FROM customers WHERE id = ?2), ?2);

-- name: ingest-contact-of
-- Whether any address of the JSON array ?1 is a contact of customer ?2.
SELECT 1 FROM json_each(?1) j JOIN contacts c ON c.email = j.value
WHERE c.customer_id = ?2 LIMIT 1;

-- name: ingest-team-mail-in
-- Whether the message with key ?1 is the team's mail to a customer in thread ?2.
SELECT 1 FROM messages WHERE key = ?1 AND thread_id = ?2 AND kind = 'outbound';

-- name: ingest-subject-threads
-- The customer's stored threads with this normalised subject and the time of
-- their latest stored message; the batch adds its unwritten messages and
-- picks the closest within the window. Whether the message's party is on
-- one is asked apart (ingest-party-on-thread), of the few within the window:
-- asked here of every thread, the EXISTS made even a query that finds none
-- cost 10-20 times as much, on every new subject of a first sync.
SELECT t.id, (SELECT max(m.received_at) FROM messages m WHERE m.thread_id = t.id) AS last_at, t.subject_at
FROM threads t
WHERE t.customer_id = ?1 AND t.subject_key = ?2;

-- name: ingest-subject-threads-tagged
-- ingest-subject-threads for the keys (?2, a JSON array) a thread stored
-- before gateways' tags were left out of thread keys may have.
SELECT t.id, (SELECT max(m.received_at) FROM messages m WHERE m.thread_id = t.id) AS last_at, t.subject_at
FROM threads t
WHERE t.customer_id = ?1 AND t.subject_key IN (SELECT value FROM json_each(?2));

-- name: ingest-party-on-thread
-- Whether contact ?2 is on a stored message of thread ?1. Driven by the
-- thread (a conversation's few messages), not by the contact: a buyer of
-- some years is on thousands.
SELECT EXISTS (SELECT 1 FROM messages m INDEXED BY messages_thread CROSS JOIN message_contacts mc
               WHERE m.thread_id = ?1 AND mc.message_id = m.id AND mc.contact_id = ?2);

-- name: ingest-list-tags
-- The tags the team's lists were seen to put on their copies.
SELECT tag FROM list_tags;

-- name: ingest-list-tag-insert
INSERT INTO list_tags (tag, seen_at) VALUES (?1, ?2) ON CONFLICT (tag) DO NOTHING;

-- name: ingest-subject-threads-list-tagged
-- ingest-subject-threads for the keys a thread stored while a list's tag
-- was part of a list copy's key may have: "[" and a word, then ?2; the
-- caller checks the tag. The range on subject_key reads only the customer's
-- keys that begin with "[" from threads_subject ('\' follows '[').
SELECT t.id, (SELECT max(m.received_at) FROM messages m WHERE m.thread_id = t.id) AS last_at, t.subject_at, t.subject_key
FROM threads t
WHERE t.customer_id = ?1 AND t.subject_key >= '[' AND t.subject_key < '\'
  AND length(t.subject_key) > length(?2) + 3
  AND substr(t.subject_key, length(t.subject_key) - length(?2) + 1) = ?2;

-- name: ingest-tagged-subject-keys
-- Whether a thread key begins with one of the tags in ?1 (a JSON array).
SELECT EXISTS (SELECT 1 FROM threads t, json_each(?1) j
               WHERE substr(t.subject_key, 1, length(j.value)) = j.value);

-- name: ingest-thread-insert
INSERT INTO threads (id, customer_id, subject, subject_key, created_at, subject_at) VALUES (?, ?, ?, ?, ?, ?);

-- name: ingest-thread-retitle
-- ?1: a JSON array of [thread, subject, arrival]: a message that arrived
-- before the one a stored thread is titled by gives it its subject.
UPDATE threads SET subject = j.value ->> 1, subject_at = j.value ->> 2
FROM json_each(?1) j
WHERE threads.id = j.value ->> 0 AND (threads.subject_at IS NULL OR threads.subject_at > j.value ->> 2);

-- name: ingest-thread-keys
-- Written once per batch with each key's final thread (see saver.setKeys).
INSERT INTO thread_keys (key, thread_id) VALUES (?, ?)
ON CONFLICT (key) DO UPDATE SET thread_id = excluded.thread_id;

-- name: ingest-insert-copy
INSERT INTO message_copies (mailbox, folder, uid_validity, uid, message_id, internal_date)
VALUES (?, ?, ?, ?, ?, ?);

-- name: ingest-earlier-copy
UPDATE messages SET received_at = ?, mailbox = ?, folder_role = ?
WHERE id = ? AND received_at > ?;

-- name: ingest-customer-by-key
-- The customer a message's party (?2, its first contact's address) and key
-- (?1) name (the customer book, 0003, keeps these meeting): the customer
-- holding that address as a contact, whatever domain the address is at (a
-- free-mail address a salesperson imported under a company, or a company's
-- second domain: its group's, a country's); else the customer with that key,
-- or the one it was merged into; else, for 'domain:' keys, the surviving
-- customer with that company domain.
-- One row always; NULL when none matches. (Scalar subqueries: the same
-- choice as a ranked UNION ALL, without the temporary b-tree its ORDER BY
-- built on every call.)
SELECT coalesce(
    (SELECT coalesce(c.merged_into, c.id) FROM contacts ct JOIN customers c ON c.id = ct.customer_id
     WHERE ?2 != '' AND ct.email = ?2),
    (SELECT coalesce(merged_into, id) FROM customers WHERE key = ?1),
    (SELECT min(id) FROM customers
     WHERE substr(?1, 1, 7) = 'domain:' AND domain = substr(?1, 8) AND domain != '' AND merged_into IS NULL)
) AS id;

-- name: ingest-customer-by-domain
-- The customer of a company domain: the first surviving one with it, else
-- the one a customer with it was merged into (a merge leaves the dropped
-- customer's domain in place; merged_into chains are repointed, so one
-- step reaches the survivor).
SELECT coalesce(merged_into, id) FROM customers WHERE domain = ? AND domain != ''
ORDER BY merged_into IS NOT NULL, id LIMIT 1;

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

-- name: ingest-contacts-wrote
-- ?1: a JSON array of [address, arrival] pairs, a batch's latest customer
-- mail from each address. Such mail clears an older bounce flag, and an
-- older "left the company": the address works, and someone writes from it.
UPDATE contacts SET
    bounced_at = CASE WHEN contacts.bounced_at < w.at THEN NULL ELSE contacts.bounced_at END,
    left_at = CASE WHEN contacts.left_at < w.at THEN NULL ELSE contacts.left_at END
FROM (SELECT json_extract(j.value, '$[0]') AS email, json_extract(j.value, '$[1]') AS at FROM json_each(?1) j) w
WHERE contacts.email = w.email AND (contacts.bounced_at < w.at OR contacts.left_at < w.at);

-- name: ingest-stray-bounces
-- ?1: a JSON array of the "mid:" keys of the team's new mail that stored
-- messages name already. The bounces without a customer (stored before the
-- mail they return: see saver.stray) in the threads of those keys, oldest
-- first; nothing at all, without a look at the keys, while there are none.
SELECT k.key, m.id, m.received_at, m.bounced_recipient, m.bounced_also, m.bounced_soft, m.in_reply_to, m.refs
FROM json_each(?1) j
CROSS JOIN thread_keys k ON k.key = j.value
CROSS JOIN messages m INDEXED BY messages_stray_bounces ON m.thread_id = k.thread_id
WHERE m.kind = 'bounce' AND m.customer_id IS NULL AND m.bounced_recipient != ''
  AND EXISTS (SELECT 1 FROM messages s INDEXED BY messages_stray_bounces
              WHERE s.kind = 'bounce' AND s.customer_id IS NULL AND s.bounced_recipient != '')
ORDER BY m.received_at, m.id;

-- name: ingest-bounce-customer
-- A stray bounce ?2 joins customer ?1, once the mail it returns is stored.
UPDATE messages SET customer_id = ?1 WHERE id = ?2 AND customer_id IS NULL;

-- name: ingest-wrote-since
-- Mail from the contact ?1 (address ?2) that arrived after ?3, found through
-- the contact's own messages.
SELECT 1 FROM message_contacts mc CROSS JOIN messages m ON m.id = mc.message_id
WHERE mc.contact_id = ?1 AND m.kind = 'inbound' AND m.from_email = ?2 AND m.received_at > ?3 LIMIT 1;

-- name: ingest-failed-before
-- An earlier failure for the contact ?1 (address ?2) that came at or before
-- ?3, with no mail from the address after it. The address may be any of the
-- bounce's failed ones: a bounce is linked to its first only.
SELECT 1 FROM messages b
WHERE b.kind = 'bounce' AND b.received_at <= ?3
  AND (b.bounced_recipient = ?2 OR instr(',' || b.bounced_also || ',', ',' || ?2 || ',') > 0)
  AND NOT EXISTS (SELECT 1 FROM message_contacts mc2 CROSS JOIN messages m ON m.id = mc2.message_id
    WHERE mc2.contact_id = ?1 AND m.kind = 'inbound' AND m.from_email = ?2 AND m.received_at > b.received_at)
LIMIT 1;

-- name: ingest-contact-left
-- ?1 when, ?2 the address named instead ('' keeps one known), ?3 the address.
-- Where a person said the contact has not left, only a later note naming
-- another address instead flags it again: the same note again (a part-time
-- or role autoresponder answers each mail) says nothing new.
UPDATE contacts SET left_at = max(coalesce(left_at, 0), ?1),
    successor = CASE WHEN ?2 != '' THEN ?2 ELSE successor END
WHERE email = ?3 AND (not_left_at IS NULL OR (?1 > not_left_at AND ?2 != '' AND ?2 != not_left_successor));

-- name: ingest-insert-message
INSERT INTO messages (
    id, key, message_id, thread_id, customer_id, kind,
    from_email, from_name, to_addrs, cc_addrs, subject,
    date, received_at, mailbox, folder_role, size,
    snippet, raw_header, in_reply_to, refs, thread_index,
    thread_topic, bounced_recipient, auto_reply_until, parse_error, attachments,
    body_size, text_pending, relayed_by, bounced_also, bounced_soft, calendar_reply,
    list_member_of, bounce_refusal
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: ingest-mark-dirty
-- The threads of new inbound and outbound messages, for the reply clock
-- (migration 0007 replaced the per-row trigger with this).
INSERT OR IGNORE INTO reply_dirty (thread_id) SELECT value FROM json_each(?1);

-- name: ingest-message-text
INSERT OR IGNORE INTO message_texts (message_id, text, cut) VALUES (?, ?, ?);

-- name: ingest-message-contact
INSERT OR IGNORE INTO message_contacts (message_id, contact_id) VALUES (?, ?);

-- Reclassification: a copy in a Sent folder of a message stored as inbound
-- (saver.reclassify). Rare, so these are not prepared.

-- name: ingest-message-owner
SELECT thread_id, coalesce(customer_id, 0), from_email FROM messages WHERE id = ?;

-- name: ingest-reclassify
-- The reply_dirty_message_update trigger marks the thread for the reply clock.
UPDATE messages SET kind = ?1, customer_id = ?2 WHERE id = ?3;

-- name: ingest-reopen-enrollments
-- The follow-ups message ?1 ended as an answer or an opt-out, now known to
-- be the team's own mail: live again (?2 the reason, ?3 now), the thread's
-- latest enrollment only and only while the thread has no live one. The
-- next look restarts the step clock on the mail if it went to the
-- recipients, as for any mail of the team's.
UPDATE enrollments SET status = 'active', reason = ?2, stopped_by = 0, paused_until = NULL,
    paused_by_person = 0, rev = rev + 1, updated_at = ?3
WHERE stopped_by = ?1 AND status IN ('replied', 'opted-out')
  AND id = (SELECT max(x.id) FROM enrollments x WHERE x.thread_id = enrollments.thread_id)
  AND NOT EXISTS (SELECT 1 FROM enrollments l WHERE l.thread_id = enrollments.thread_id AND l.status IN ('active', 'paused'));

-- name: ingest-reopen-tasks
-- The call tasks message ?1 closed as answered: open again.
UPDATE tasks SET done_at = NULL, outcome = '', answered_by = 0 WHERE answered_by = ?1 AND done_at IS NOT NULL;

-- name: ingest-drop-answered-skips
-- Mail not followed up because an address "answered" it (?1, the skip's
-- detail as keepwarm.AnsweredByDetail writes it) or asked in that answer
-- for no more mail (?2, as keepwarm.OptedOutByDetail begins it): looked at
-- again by the next follow-up job, which records a skip anew if another
-- answer stands.
DELETE FROM followup_skips
WHERE (reason = 'answered' AND detail = ?1)
   OR (reason = 'opted-out' AND (detail = ?2 OR substr(detail, 1, length(?2) + 2) = ?2 || ', '));

-- name: ingest-drop-message-opt-out
-- An opt-out message ?1 recorded for its sender, now known to be the team.
DELETE FROM opt_outs WHERE message_id = ?1;

-- name: ingest-hold-company-opted-out
-- The follow-ups of the customer that message ?1 opted out as a whole that
-- ended at a step because nobody could be written to, since that opt-out:
-- paused for a person (?2 the reason, ?3 now), who resumes or stops them
-- (another opt-out may have ended them too), the thread's latest
-- enrollment only and only while the thread has no live one. Run before
-- the opt-out goes.
UPDATE enrollments SET status = 'paused', reason = ?2, paused_until = NULL, paused_by_person = 1,
    rev = rev + 1, updated_at = ?3
WHERE status = 'opted-out' AND stopped_by != ?1 AND reason LIKE 'no recipient may be written to:%'
  AND EXISTS (SELECT 1 FROM customers c WHERE c.id = enrollments.customer_id AND c.opt_out_message = ?1
              AND c.opted_out_at IS NOT NULL AND enrollments.updated_at >= c.opted_out_at)
  AND id = (SELECT max(x.id) FROM enrollments x WHERE x.thread_id = enrollments.thread_id)
  AND NOT EXISTS (SELECT 1 FROM enrollments l WHERE l.thread_id = enrollments.thread_id AND l.status IN ('active', 'paused'));

-- name: ingest-drop-message-company-opt-out
-- A customer's opt-out as a whole message ?1 recorded, now known to be the
-- team's own mail (the customers_opt_in trigger forgets who asked).
UPDATE customers SET opted_out_at = NULL WHERE opt_out_message = ?1 AND opted_out_at IS NOT NULL;

-- name: ingest-drop-message-contacts
DELETE FROM message_contacts WHERE message_id = ?;

-- name: ingest-thread-customer
SELECT coalesce(customer_id, 0) FROM threads WHERE id = ?;

-- name: ingest-reclassify-thread
-- ?1 the message's new customer (NULL for internal mail), ?2 its thread, ?3
-- its old customer: the thread takes the new customer when it had none, or
-- had the old one only through this message.
UPDATE threads SET customer_id = ?1
WHERE id = ?2 AND (customer_id IS NULL
    OR (customer_id = ?3 AND NOT EXISTS (SELECT 1 FROM messages WHERE thread_id = ?2 AND customer_id = ?3)));

-- name: ingest-orphan-contacts
-- The contacts of customer ?1 on no message any more, never bounced or gone.
SELECT c.id, c.email FROM contacts c
WHERE c.customer_id = ?1 AND c.bounced_at IS NULL AND c.left_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM message_contacts mc WHERE mc.contact_id = c.id);

-- name: ingest-refs-to
-- Every column that points at table ?1 (by foreign key, or named
-- <singular>_id as reply_clocks' columns are, without one): a row there
-- keeps what it points at.
SELECT m.name, f."from" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
WHERE m.type = 'table' AND f."table" = ?1
UNION
SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p
WHERE m.type = 'table' AND p.name = ?2 AND m.name != ?1;

-- name: ingest-untouched-customer
-- Customer ?1 when only mail made it: no person gave it an owner, a grade,
-- tags or notes.
SELECT 1 FROM customers
WHERE id = ?1 AND source = 'mail' AND owner = '' AND grade = '' AND tags = '' AND notes = ''
  AND merged_into IS NULL;

-- name: ingest-drop-clock
DELETE FROM reply_clocks WHERE message_id = ?;

-- name: ingest-drop-contact
DELETE FROM contacts WHERE id = ?;

-- name: ingest-drop-customer
DELETE FROM customers WHERE id = ?;
