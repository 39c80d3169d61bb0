-- Follow-up sequences: enrollments, their events, tasks and opt-outs.

-- name: seq-candidates
-- ?1: the oldest anchor considered. Per thread, the latest outbound message
-- to a customer that keepwarm did not send itself, when no enrollment
-- followed it up yet and it was not already set aside with a reason. Whether
-- it was answered is for the job to say: it knows whom the mail went to.
-- Set aside for want of a mailbox or a sequence, it is looked at again:
-- the reason asks for a mailbox or a grade, and one given while the mail
-- is young enough has it followed up. Set aside because the thread's
-- follow-up wrote to other contacts (other-contacts), it is looked at again
-- once no follow-up runs in the thread. The team's calendar answering a
-- customer's meeting invitation ("Accepted: Quotation review", filed in
-- Sent, calendar_reply 1) is a click, not mail waiting for an answer: it is
-- not looked at, nor listed as set aside. One with words typed
-- (calendar_reply 2) is set aside with a reason the salesperson sees.
WITH outs AS (
    SELECT m.id, m.thread_id, m.customer_id, m.received_at, m.from_email, m.mailbox, m.calendar_reply,
           row_number() OVER (PARTITION BY m.thread_id ORDER BY m.received_at DESC, m.id DESC) AS rn
    FROM messages m
    WHERE m.kind = 'outbound' AND m.customer_id IS NOT NULL AND m.received_at >= ?1 AND m.calendar_reply != 1
      AND NOT (m.message_id != '' AND (EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = m.message_id)
             OR EXISTS (SELECT 1 FROM outbox o WHERE o.sent_copy = m.message_id AND o.sent_copy != '')))
)
SELECT o.id AS anchor_id, o.thread_id, o.customer_id, o.received_at AS anchor_at, o.from_email, o.mailbox,
       o.calendar_reply = 2 AS calendar_words,
       coalesce((SELECT s.reason FROM followup_skips s WHERE s.message_id = o.id), '') AS skipped
FROM outs o
WHERE o.rn = 1
  AND NOT EXISTS (SELECT 1 FROM followup_skips s WHERE s.message_id = o.id AND s.reason NOT IN ('no-mailbox', 'no-sequence')
        AND NOT (s.reason = 'other-contacts' AND NOT EXISTS (
            SELECT 1 FROM enrollments l WHERE l.thread_id = o.thread_id AND l.status IN ('active', 'paused'))))
  AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.thread_id = o.thread_id AND e.anchor_at >= o.received_at)
ORDER BY o.received_at, o.id;

-- name: seq-events
-- ?1 anchor_at, ?2 anchor id, ?3 customer, ?4 thread, ?5 JSON array of the
-- lower-cased addresses followed up, ?6 1 when any contact of the customer
-- counts, ?7 the enrollment (0: not stored yet). What happened since the
-- anchor: real and automatic answers in the thread, in a thread one of the
-- enrollment's own mails started (a product introduction sent as a new
-- mail, or its copy sent from Drafts under a new Message-ID) or from the
-- addresses followed up (real answers from any contact
-- of the customer with ?6: a colleague's absence is not theirs), and
-- manual outbound mail in the thread. A calendar's answer to a meeting
-- invitation (a notice marked calendar_reply: no clock, no ack) is a real
-- answer and reads as one: kind inbound. The unary + keeps SQLite reading
-- the thread's outbound mail through messages_thread, not every outbound
-- message since the anchor through messages_kind.
SELECT m.id, CASE WHEN m.kind = 'notice' THEN 'inbound' ELSE m.kind END AS kind, m.thread_id, m.from_email, m.subject, m.snippet, m.received_at,
       coalesce(m.auto_reply_until, 0) AS auto_reply_until, m.to_addrs, m.cc_addrs,
       coalesce((SELECT ct.customer_id FROM contacts ct WHERE ct.email = m.from_email), m.customer_id, 0) AS sender_customer
FROM messages m
WHERE m.received_at > ?1 AND m.id != ?2 AND (
    (m.kind IN ('inbound', 'auto_reply', 'notice') AND (m.kind != 'notice' OR m.calendar_reply = 1) AND (
        m.thread_id = ?4
        OR (?7 != 0 AND m.thread_id IN (
            SELECT mm.thread_id FROM outbox o JOIN messages mm ON mm.key = o.message_id
            WHERE o.enrollment_id = ?7 AND o.message_id != ''
            UNION
            SELECT mm.thread_id FROM outbox o JOIN messages mm ON mm.key = o.sent_copy
            WHERE o.enrollment_id = ?7 AND o.sent_copy != ''))
        OR m.from_email IN (SELECT value FROM json_each(?5))
        OR (?6 AND m.kind IN ('inbound', 'notice') AND (m.customer_id = ?3 OR EXISTS (
            SELECT 1 FROM contacts ct WHERE ct.email = m.from_email AND ct.customer_id = ?3)))))
    OR (+m.kind = 'outbound' AND m.thread_id = ?4
        AND NOT (m.message_id != '' AND (EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = m.message_id)
             OR EXISTS (SELECT 1 FROM outbox o WHERE o.sent_copy = m.message_id AND o.sent_copy != '')))))
ORDER BY m.received_at, m.id;

-- name: seq-absences-before
-- ?1 customer, ?2 JSON array of the lower-cased addresses followed up, ?3
-- anchor_at, ?4 the earliest received_at, ?5 now, ?6 the sequence's
-- out-of-office pause in seconds. The automatic replies of the addresses
-- followed up received up to the anchor (seq-events reads those after it)
-- that may still be in force: a return date not yet a day past, or none
-- and received less than the pause (and a day) ago. One after which the
-- same address wrote a mail of its own (in any thread of the customer) is
-- over: the contact came back early. An automatic reply from another
-- address, in a thread where the team's mail went to an address followed
-- up and not to that sender, is theirs too: Exchange answers a mail to an
-- alias (hans@) From the mailbox's primary address (hans.meier@), and only
-- once per absence; a mail of his own from either address ends it.
SELECT m.id, m.kind, m.thread_id, m.from_email, m.subject, m.snippet, m.received_at,
       coalesce(m.auto_reply_until, 0) AS auto_reply_until, m.to_addrs, m.cc_addrs
FROM messages m
WHERE m.customer_id = ?1 AND m.kind = 'auto_reply' AND m.received_at <= ?3 AND m.received_at > ?4
  AND (m.from_email IN (SELECT value FROM json_each(?2))
       OR (EXISTS (SELECT 1 FROM messages o, json_each(?2) j
                   WHERE o.thread_id = m.thread_id AND +o.kind = 'outbound' AND o.received_at <= m.received_at
                     AND instr(',' || o.to_addrs || ',' || o.cc_addrs || ',', ',' || j.value || ',') > 0)
           AND NOT EXISTS (SELECT 1 FROM messages o
                           WHERE o.thread_id = m.thread_id AND +o.kind = 'outbound'
                             AND instr(',' || o.to_addrs || ',' || o.cc_addrs || ',', ',' || m.from_email || ',') > 0)))
  AND (coalesce(m.auto_reply_until, 0) > ?5 - 86400
       OR (coalesce(m.auto_reply_until, 0) = 0 AND m.received_at > ?5 - ?6 - 86400))
  AND NOT EXISTS (SELECT 1 FROM messages n
                  WHERE n.customer_id = ?1 AND n.kind = 'inbound' AND n.received_at > m.received_at
                    AND n.received_at <= ?5 AND (n.from_email = m.from_email
                         OR (n.from_email IN (SELECT value FROM json_each(?2))
                             AND m.from_email NOT IN (SELECT value FROM json_each(?2)))))
ORDER BY m.received_at, m.id;

-- name: seq-events-since
-- ?1 the earliest anchor. Every message seq-events could return for an
-- anchor after ?1, read once for a run that checks many candidates:
-- contact_customer is the customer of the contact with the sender's
-- address, own says keepwarm sent it (its Message-ID is in the outbox).
-- A calendar's answer reads as inbound, as in seq-events.
SELECT m.id, CASE WHEN m.kind = 'notice' THEN 'inbound' ELSE m.kind END AS kind, m.thread_id, m.from_email, m.subject, m.snippet, m.received_at,
       coalesce(m.auto_reply_until, 0) AS auto_reply_until, m.to_addrs, m.cc_addrs, coalesce(m.customer_id, 0) AS customer_id,
       coalesce((SELECT ct.customer_id FROM contacts ct WHERE ct.email = m.from_email), 0) AS contact_customer,
       (m.kind = 'outbound' AND m.message_id != ''
        AND (EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = m.message_id)
             OR EXISTS (SELECT 1 FROM outbox o WHERE o.sent_copy = m.message_id AND o.sent_copy != ''))) AS own
FROM messages m
WHERE m.kind IN ('inbound', 'auto_reply', 'outbound', 'notice') AND m.received_at > ?1
  AND (m.kind != 'notice' OR m.calendar_reply = 1)
ORDER BY m.received_at, m.id;

-- name: seq-first-contact
-- ?1 a message id. 1 when no earlier message involved any of its contacts:
-- a first letter.
SELECT NOT EXISTS (
    SELECT 1 FROM message_contacts mc
    JOIN message_contacts other ON other.contact_id = mc.contact_id AND other.message_id != mc.message_id
    JOIN messages m ON m.id = other.message_id
    WHERE mc.message_id = ?1
      AND m.received_at < (SELECT received_at FROM messages WHERE id = ?1));

-- name: seq-skip-insert
-- Recorded twice, the first reason stays, except a missing mailbox or
-- sequence, or another contacts' follow-up running in the thread, looked
-- at again: it takes the reason found now (not too-old: it was young
-- enough when first seen), and keeps when it was recorded (the digest does
-- not list it again).
INSERT INTO followup_skips (message_id, thread_id, customer_id, reason, detail, created_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (message_id) DO UPDATE SET reason = excluded.reason, detail = excluded.detail
WHERE followup_skips.reason IN ('no-mailbox', 'no-sequence', 'other-contacts') AND excluded.reason != 'too-old';

-- name: seq-skip-drop-enrolled
-- The reason a message ?1 was not followed up, now that it is: a missing
-- mailbox or sequence given since, or the thread's other follow-up ended.
DELETE FROM followup_skips WHERE message_id = ?1 AND reason IN ('no-mailbox', 'no-sequence', 'other-contacts');

-- name: seq-skips-list
-- ?1 customer id (0: all), ?2 the earliest created_at. by_hand: a mail set
-- aside because the follow-up running in its thread writes to other
-- contacts (other-contacts) that is still to be followed up by hand: that
-- follow-up still runs, no contact of the mail wrote since, and the team
-- did not write to one of them again in the thread. The customer's page
-- lists those under "To follow up by hand"; the digest counts them and
-- says to write to them.
SELECT s.message_id, s.thread_id, s.customer_id, coalesce(c.key, '') AS customer_key,
       coalesce(c.owner, '') AS owner, s.reason, s.detail, s.created_at,
       coalesce(m.subject, '') AS subject, coalesce(m.received_at, 0) AS sent_at,
       coalesce(m.to_addrs, '') AS to_addrs, coalesce(m.mailbox, '') AS mailbox,
       (s.reason = 'other-contacts' AND m.id IS NOT NULL
        AND EXISTS (SELECT 1 FROM enrollments e WHERE e.thread_id = s.thread_id AND e.status IN ('active', 'paused'))
        AND NOT EXISTS (
          SELECT 1 FROM message_contacts mc
          JOIN contacts ct ON ct.id = mc.contact_id
          JOIN message_contacts lc ON lc.contact_id = mc.contact_id AND lc.message_id != mc.message_id
          JOIN messages l ON l.id = lc.message_id
          WHERE mc.message_id = s.message_id AND l.received_at > m.received_at
            AND (l.kind = 'outbound' AND l.thread_id = m.thread_id OR l.kind IN ('inbound', 'notice') AND l.from_email = ct.email))) AS by_hand
FROM followup_skips s
LEFT JOIN customers c ON c.id = s.customer_id
LEFT JOIN messages m ON m.id = s.message_id
WHERE (?1 = 0 OR s.customer_id = ?1) AND s.created_at >= ?2
ORDER BY s.created_at, s.message_id;

-- name: seq-skips-not-followed
-- ?1 customer id, ?2 the earliest created_at. The mails set aside for a
-- reason that leaves them to the salesperson (no sequence, no mailbox,
-- bounced, opted out, too old...), while nothing dealt with them since:
-- no follow-up of the thread anchored at the mail or a later one (enrolled
-- by hand, a reason given since), no later mail of the team in the thread
-- (chased by hand), and no contact of the mail wrote since (answered,
-- even after max_age, when the job no longer looks at it). Answered,
-- informational and other-contacts need no chasing or are listed by
-- FollowUpsByHand (seq-skips-list's by_hand); superseded is followed up by its newer mail.
SELECT s.message_id, s.thread_id, s.customer_id, coalesce(c.key, '') AS customer_key,
       coalesce(c.owner, '') AS owner, s.reason, s.detail, s.created_at,
       m.subject, m.received_at AS sent_at, m.to_addrs, m.mailbox
FROM followup_skips s
JOIN messages m ON m.id = s.message_id
LEFT JOIN customers c ON c.id = s.customer_id
WHERE s.customer_id = ?1 AND s.created_at >= ?2
  AND s.reason NOT IN ('answered', 'informational', 'other-contacts', 'superseded')
  AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.thread_id = m.thread_id AND e.anchor_at >= m.received_at)
  AND NOT EXISTS (
    SELECT 1 FROM messages l
    WHERE l.thread_id = m.thread_id AND +l.kind = 'outbound' AND l.id != m.id
      AND (l.received_at > m.received_at OR l.received_at = m.received_at AND l.id > m.id))
  AND NOT EXISTS (
    SELECT 1 FROM message_contacts mc
    JOIN contacts ct ON ct.id = mc.contact_id
    JOIN message_contacts lc ON lc.contact_id = mc.contact_id AND lc.message_id != mc.message_id
    JOIN messages l ON l.id = lc.message_id
    WHERE mc.message_id = s.message_id AND l.received_at > m.received_at
      AND +l.kind IN ('inbound', 'notice') AND l.from_email = ct.email)
ORDER BY s.created_at, s.message_id;

-- name: seq-blocked
-- ?1: a JSON array of lower-cased addresses. Those that bounced, whose
-- person left the company, or that opted out.
SELECT ct.email AS email, 'bounced' AS why FROM contacts ct
WHERE ct.email IN (SELECT value FROM json_each(?1)) AND ct.bounced_at IS NOT NULL
UNION ALL
SELECT ct.email, 'left the company' FROM contacts ct
WHERE ct.email IN (SELECT value FROM json_each(?1)) AND ct.left_at IS NOT NULL
UNION ALL
SELECT oo.email, 'opted-out' FROM opt_outs oo
WHERE oo.email IN (SELECT value FROM json_each(?1))
UNION ALL
SELECT ct.email, 'opted-out' FROM contacts ct JOIN customers c ON c.id = ct.customer_id
WHERE ct.email IN (SELECT value FROM json_each(?1)) AND c.opted_out_at IS NOT NULL;

-- name: seq-customer-tags
SELECT tags FROM customers WHERE id = ?;

-- name: seq-contact-details
SELECT salutation, language FROM contacts WHERE email = lower(?);

-- name: seq-contact-holidays
SELECT holidays FROM contacts WHERE email = lower(?);

-- name: seq-customer
SELECT id, key, name, domain, owner, grade, country, time_zone, language FROM customers WHERE id = ?;

-- name: seq-customer-resolve
-- ?1: a customer key, a company domain or a contact's address.
SELECT c.id FROM customers c
WHERE c.key = ?1 OR (c.domain = lower(?1) AND c.domain != '')
   OR c.id = (SELECT ct.customer_id FROM contacts ct WHERE ct.email = lower(?1))
ORDER BY c.id LIMIT 1;

-- name: seq-enrollment-insert
INSERT INTO enrollments (thread_id, customer_id, sequence, status, step, redo, anchor_id, anchor_at,
    clock_at, due_at, paused_until, paused_by_person, ooo_id, mailbox, owner, signer, to_addrs, reason, stopped_by, rev,
    created_at, updated_at, grade, plan, plan_delays, tags, redo_of)
VALUES (:thread_id, :customer_id, :sequence, :status, :step, :redo, :anchor_id, :anchor_at,
    :clock_at, :due_at, :paused_until, :paused_by_person, :ooo_id, :mailbox, :owner, :signer, :to_addrs, :reason, :stopped_by, 0,
    :created_at, :updated_at, :grade, :plan, :plan_delays, :tags, :redo_of);

-- name: seq-enrollment-live-of-customer
-- ?1 customer, ?2 the new enrollment's thread, ?3 its anchor_at: the live
-- ones of other threads and the failed ones of any that follow up older
-- mail.
SELECT id, thread_id, status, to_addrs FROM enrollments
WHERE customer_id = ?1 AND anchor_at < ?3
  AND (status IN ('active', 'paused') AND thread_id != ?2 OR status = 'failed');

-- name: seq-enrollment-supersede
-- ?1 now, ?2 enrollment, ?3 the reason.
UPDATE enrollments SET status = 'superseded', reason = ?3, rev = rev + 1, updated_at = ?1
WHERE id = ?2 AND status IN ('active', 'paused', 'failed');

-- name: seq-enrollment-settle-items
-- ?1 now, ?2 how, ?3 enrollment. Its failed items (not sent) no longer
-- need anyone; an uncertain one may have gone out and stays for a person
-- to check.
UPDATE outbox SET settled_at = ?1, settled = ?2
WHERE enrollment_id = ?3 AND status = 'failed' AND settled_at IS NULL;

-- name: seq-enrollment-update
UPDATE enrollments SET sequence = :sequence, status = :status, step = :step, redo = :redo, redo_of = :redo_of,
    anchor_id = :anchor_id, anchor_at = :anchor_at, clock_at = :clock_at, due_at = :due_at,
    paused_until = :paused_until, paused_by_person = :paused_by_person, ooo_id = :ooo_id, mailbox = :mailbox, owner = :owner,
    signer = :signer, to_addrs = :to_addrs, reason = :reason, stopped_by = :stopped_by, grade = :grade, plan = :plan, plan_delays = :plan_delays, tags = :tags, rev = rev + 1,
    updated_at = :updated_at
WHERE id = :id AND rev = :rev;

-- name: seq-enrollment-record-delays
-- ?1 the plan's delays (JSON), ?2 the enrollment: only when it has none
-- recorded yet; its rev and updated_at stay (nothing a person sees moved).
UPDATE enrollments SET plan_delays = ?1 WHERE id = ?2 AND plan_delays = '';

-- name: seq-enrollment-by-id
SELECT e.*, coalesce(c.key, '') AS customer_key, coalesce(c.grade, '') AS customer_grade, coalesce(c.tags, '') AS customer_tags
FROM enrollments e LEFT JOIN customers c ON c.id = e.customer_id WHERE e.id = ?;

-- name: seq-enrollments-by-ids
SELECT e.*, coalesce(c.key, '') AS customer_key, coalesce(c.grade, '') AS customer_grade, coalesce(c.tags, '') AS customer_tags
FROM enrollments e LEFT JOIN customers c ON c.id = e.customer_id WHERE e.id IN (SELECT value FROM json_each(?));

-- name: seq-enrollment-live-thread
SELECT e.*, coalesce(c.key, '') AS customer_key, coalesce(c.grade, '') AS customer_grade, coalesce(c.tags, '') AS customer_tags
FROM enrollments e LEFT JOIN customers c ON c.id = e.customer_id
WHERE e.thread_id = ? AND e.status IN ('active', 'paused');

-- name: seq-enrollments-live
SELECT e.*, coalesce(c.key, '') AS customer_key, coalesce(c.grade, '') AS customer_grade, coalesce(c.tags, '') AS customer_tags
FROM enrollments e LEFT JOIN customers c ON c.id = e.customer_id
WHERE e.status IN ('active', 'paused') ORDER BY e.due_at, e.id;

-- name: seq-enrollments-list
-- ?1 customer id (0: all), ?2 ',status,...,' ('' : all).
SELECT e.*, coalesce(c.key, '') AS customer_key, coalesce(c.grade, '') AS customer_grade, coalesce(c.tags, '') AS customer_tags
FROM enrollments e LEFT JOIN customers c ON c.id = e.customer_id
WHERE (?1 = 0 OR e.customer_id = ?1) AND (?2 = '' OR instr(?2, ',' || e.status || ',') > 0)
ORDER BY e.id;

-- name: seq-enrollments-dry-run
-- ?1 since, ?2 until: the enrollments created in [?1, ?2) whose every
-- outbox item was recorded in dry-run mode: none of their mail reached the
-- customer. Their items are read through outbox_enrollment.
SELECT e.id FROM enrollments e
WHERE e.created_at >= ?1 AND e.created_at < ?2
  AND EXISTS (SELECT 1 FROM outbox o WHERE o.enrollment_id = e.id AND o.mode = 'dry-run')
  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.enrollment_id = e.id AND o.mode <> 'dry-run')
ORDER BY e.id;

-- name: seq-task-insert
INSERT INTO tasks (key, enrollment_id, customer_id, thread_id, owner, title, sequence, step, due_at, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (key) DO NOTHING;

-- name: seq-task-insert-skipped
-- A call step a person skipped ("Skip this step"): a task row under the
-- step's key, closed at once (?9 done_at) with ?10 the outcome ("skipped
-- by ..."), answered_by -1: no call happened, so the digest, the reports
-- and the funnel do not count it as a call made.
INSERT INTO tasks (key, enrollment_id, customer_id, thread_id, owner, title, sequence, step, due_at, created_at, done_at, outcome, answered_by)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?9, ?10, -1)
ON CONFLICT (key) DO NOTHING;

-- name: seq-task-by-key
SELECT t.id, t.key, coalesce(t.enrollment_id, 0) AS enrollment_id, t.customer_id,
       coalesce(c.key, '') AS customer_key, coalesce(t.thread_id, 0) AS thread_id, t.owner, t.title,
       t.sequence, t.step, t.due_at, t.created_at, t.done_at, t.outcome, t.reason, t.answered_by
FROM tasks t LEFT JOIN customers c ON c.id = t.customer_id
WHERE t.key = ?1;

-- name: seq-tasks-of-enrollment
-- ?1 an enrollment: its tasks, open or closed (a skipped call's too),
-- the oldest first.
SELECT t.id, t.key, coalesce(t.enrollment_id, 0) AS enrollment_id, t.customer_id,
       '' AS customer_key, coalesce(t.thread_id, 0) AS thread_id, t.owner, t.title,
       t.sequence, t.step, t.due_at, t.created_at, t.done_at, t.outcome, t.reason, t.answered_by
FROM tasks t
WHERE t.enrollment_id = ?1
ORDER BY t.created_at, t.id;

-- name: seq-tasks-list
-- ?1: 1 for open tasks only; ?2 owner ('' : all).
SELECT t.id, t.key, coalesce(t.enrollment_id, 0) AS enrollment_id, t.customer_id,
       coalesce(c.key, '') AS customer_key, coalesce(t.thread_id, 0) AS thread_id, t.owner, t.title,
       t.sequence, t.step, t.due_at, t.created_at, t.done_at, t.outcome, t.reason
FROM tasks t LEFT JOIN customers c ON c.id = t.customer_id
WHERE (?1 = 0 OR t.done_at IS NULL) AND (?2 = '' OR t.owner = ?2)
ORDER BY t.due_at, t.id;

-- name: seq-tasks-done-between
-- The tasks closed in [?1, ?2), in the order they were closed; not those an
-- answer closed (no call happened).
SELECT t.id, t.key, coalesce(t.enrollment_id, 0) AS enrollment_id, t.customer_id,
       coalesce(c.key, '') AS customer_key, coalesce(t.thread_id, 0) AS thread_id, t.owner, t.title,
       t.sequence, t.step, t.due_at, t.created_at, t.done_at, t.outcome, t.reason
FROM tasks t LEFT JOIN customers c ON c.id = t.customer_id
WHERE t.done_at >= ?1 AND t.done_at < ?2 AND t.answered_by = 0
ORDER BY t.done_at, t.id;

-- name: seq-blind-bounce
-- ?1 enrollment, ?2 the earliest received_at, ?3 the message it last
-- stopped on, ?4 its anchor. The first delivery failure received since ?2,
-- after ?3, that returns (by its In-Reply-To or References, which parse
-- fills from the returned headers too) one of the enrollment's mails or its
-- anchor, and that names no address (bounced_recipient '') or only one that
-- mail was not written to (a forward of info@ to a person who left, a
-- group expanded by the customer's server): the bounce of a recipient
-- drops that recipient (BlockedAddresses), this one no recipient. step is
-- the step of the mail returned (-1: the anchor); named the address named.
-- A step filed in Drafts and sent from the salesperson's client is returned
-- under the Message-ID its copy was sent with (sent_copy, as seq-events
-- reads its thread). A failure that refused the mail rather than an
-- address (bounce_refusal: a policy, spam, the size) returning such a mail
-- is one too, whatever address it names: refusal says what was refused.
SELECT m.id, coalesce((SELECT max(o.step) FROM outbox o
        WHERE o.enrollment_id = ?1
          AND ((o.message_id != '' AND instr(' ' || m.in_reply_to || ' ' || m.refs || ' ', ' ' || o.message_id || ' ') > 0)
               OR (o.sent_copy != '' AND instr(' ' || m.in_reply_to || ' ' || m.refs || ' ', ' ' || o.sent_copy || ' ') > 0))), -1) AS step,
       m.bounced_recipient AS named, m.bounce_refusal AS refusal
FROM messages m
WHERE m.kind = 'bounce' AND m.received_at >= ?2 AND m.id > ?3
  AND (EXISTS (SELECT 1 FROM outbox o WHERE o.enrollment_id = ?1
               AND ((o.message_id != '' AND instr(' ' || m.in_reply_to || ' ' || m.refs || ' ', ' ' || o.message_id || ' ') > 0)
                    OR (o.sent_copy != '' AND instr(' ' || m.in_reply_to || ' ' || m.refs || ' ', ' ' || o.sent_copy || ' ') > 0)))
       OR EXISTS (SELECT 1 FROM messages a WHERE a.id = ?4 AND a.message_id != ''
               AND instr(' ' || m.in_reply_to || ' ' || m.refs || ' ', ' ' || a.message_id || ' ') > 0))
  AND (m.bounced_recipient = '' OR m.bounce_refusal != ''
       OR (NOT EXISTS (SELECT 1 FROM enrollments en, json_each(en.to_addrs) j
                       WHERE en.id = ?1 AND lower(json_extract(j.value, '$.email')) = m.bounced_recipient)
           AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.enrollment_id = ?1
                           AND (EXISTS (SELECT 1 FROM json_each(o.to_addrs) j WHERE lower(json_extract(j.value, '$.email')) = m.bounced_recipient)
                                OR EXISTS (SELECT 1 FROM json_each(o.cc_addrs) j WHERE lower(json_extract(j.value, '$.email')) = m.bounced_recipient)))
           AND NOT EXISTS (SELECT 1 FROM messages a WHERE a.id = ?4
                           AND instr(',' || a.to_addrs || ',' || a.cc_addrs || ',', ',' || m.bounced_recipient || ',') > 0)))
ORDER BY m.received_at, m.id LIMIT 1;

-- name: seq-task-call-answer
-- ?1 an enrollment, ?2 its anchor's time. Its latest call task a person
-- closed saying why the customer went quiet, other than that the mail never
-- reached them: the call reached the customer. A task made before the
-- anchor was: a mail written after the task (after the call, often what
-- the call asked for) is not what the call answered.
SELECT t.id, t.key, coalesce(t.enrollment_id, 0) AS enrollment_id, t.customer_id,
       '' AS customer_key, coalesce(t.thread_id, 0) AS thread_id, t.owner, t.title,
       t.sequence, t.step, t.due_at, t.created_at, t.done_at, t.outcome, t.reason
FROM tasks t
WHERE t.enrollment_id = ?1 AND t.done_at IS NOT NULL AND t.answered_by = 0
  AND t.reason != '' AND t.reason != 'not-received' AND t.created_at >= ?2
ORDER BY t.done_at DESC, t.id DESC LIMIT 1;

-- name: seq-task-done
-- ?1: when, ?2: the task, ?3: what the call taught ('' nothing said), ?4:
-- why the customer went quiet ('' not said).
UPDATE tasks SET done_at = ?1, outcome = ?3, reason = ?4 WHERE id = ?2 AND done_at IS NULL;

-- name: seq-task-answered
-- ?1: when, ?2: the task, ?3: the outcome (who answered, when), ?4: the
-- answer (messages.id) that made the call needless.
UPDATE tasks SET done_at = ?1, outcome = ?3, answered_by = ?4 WHERE id = ?2 AND done_at IS NULL;

-- name: seq-task-closed-with
-- ?1: the task: when it was closed (NULL: open), the outcome and reason it
-- was closed with, and its customer's notes.
SELECT t.done_at, t.outcome, t.reason, coalesce(c.notes, '') AS notes
FROM tasks t LEFT JOIN customers c ON c.id = t.customer_id
WHERE t.id = ?1;

-- name: seq-task-get
-- ?1: the task, open or closed, with the answer that closed it.
SELECT t.id, t.key, coalesce(t.enrollment_id, 0) AS enrollment_id, t.customer_id,
       coalesce(c.key, '') AS customer_key, coalesce(t.thread_id, 0) AS thread_id, t.owner, t.title,
       t.sequence, t.step, t.due_at, t.created_at, t.done_at, t.outcome, t.reason, t.answered_by
FROM tasks t LEFT JOIN customers c ON c.id = t.customer_id
WHERE t.id = ?1;

-- name: seq-task-outcome-note
-- ?1: the task, ?2: the note line: the outcome also goes into the
-- customer's notes, where its page and `customers show` have it.
UPDATE customers SET notes = trim(notes || char(10) || ?2)
WHERE id = (SELECT customer_id FROM tasks WHERE id = ?1);

-- name: seq-opt-out
INSERT INTO opt_outs (email, message_id, reason, created_at) VALUES (?, ?, ?, ?)
ON CONFLICT (email) DO NOTHING;

-- name: seq-opt-out-customer
-- ?1 the customer, ?2 the message that asked, ?3 who asked and how, ?4 now:
-- the customer as a whole asked for no more mail; one opted out already
-- keeps its first record.
UPDATE customers SET opted_out_at = ?4, opt_out_message = ?2, opt_out_reason = ?3
WHERE id = ?1 AND opted_out_at IS NULL;

-- name: seq-thread-anchor
-- The latest outbound message to the customer in a thread that keepwarm did
-- not send itself, not a calendar's answer to a meeting invitation (a
-- click, not an offer; one with words typed is): what a manual enroll
-- follows up.
SELECT m.id AS anchor_id, m.thread_id, m.customer_id, m.received_at AS anchor_at, m.from_email, m.mailbox
FROM messages m
WHERE m.thread_id = ? AND m.kind = 'outbound' AND m.customer_id IS NOT NULL AND m.calendar_reply != 1
  AND NOT (m.message_id != '' AND (EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = m.message_id)
             OR EXISTS (SELECT 1 FROM outbox o WHERE o.sent_copy = m.message_id AND o.sent_copy != '')))
ORDER BY m.received_at DESC, m.id DESC
LIMIT 1;

-- name: seq-contacts-of-customer
SELECT name, email FROM contacts WHERE customer_id = ? ORDER BY bounced_at IS NOT NULL, id;

-- name: seq-messages
-- ?1: a JSON array of message ids. message-get for each of them.
SELECT m.id, m.key, m.message_id, m.thread_id, coalesce(m.customer_id, 0) AS customer_id,
       coalesce(c.key, '') AS customer_key, m.kind, m.from_email, m.from_name, m.to_addrs, m.cc_addrs,
       m.subject, m.date, m.received_at, m.size, m.snippet, m.raw_header, m.in_reply_to, m.refs,
       m.thread_index, m.thread_topic, m.bounced_recipient, m.auto_reply_until, m.parse_error,
       m.attachments,
       coalesce(mt.text, '') AS text, coalesce(mt.cut, 0) AS text_cut, m.text_pending,
       CASE WHEN m.folder_role = 'sent' THEN m.mailbox ELSE '' END AS sent_in
FROM messages m LEFT JOIN customers c ON c.id = m.customer_id
LEFT JOIN message_texts mt ON mt.message_id = m.id
WHERE m.id IN (SELECT value FROM json_each(?1));

-- name: seq-messages-contacts
-- ?1: a JSON array of message ids. message-contacts for each of them (by
-- email; GetMessages puts them in each header's order).
SELECT mc.message_id, ct.name, ct.email
FROM message_contacts mc JOIN contacts ct ON ct.id = mc.contact_id
WHERE mc.message_id IN (SELECT value FROM json_each(?1))
ORDER BY mc.message_id, ct.email;

-- name: seq-customers
-- ?1: a JSON array of customer ids. seq-customer for each of them.
SELECT id, key, name, domain, owner, grade, country, time_zone, language FROM customers
WHERE id IN (SELECT value FROM json_each(?1));

-- name: seq-enrollments-signer-unread
-- The follow-ups 0374 listed whose signer was never read: running, paused
-- or failed when 0312 gave them '' (see SignersRead).
SELECT e.*, coalesce(c.key, '') AS customer_key, coalesce(c.grade, '') AS customer_grade, coalesce(c.tags, '') AS customer_tags
FROM enrollment_signer_reads r
JOIN enrollments e ON e.id = r.enrollment_id
LEFT JOIN customers c ON c.id = e.customer_id
ORDER BY e.id;

-- name: seq-enrollment-signer-read
-- ?1 enrollment id, ?2 its signer, ?3 now: only while nothing else gave it
-- one (a later mail that took the thread over). A step held on the
-- mailbox owner's absence ("<owner> is away (") was held on the wrong
-- person: it is due now, to be decided again for the signer (as
-- absences-release-enrollments frees it), and nobody's return would free
-- it since the hold no longer names its signer. updated_at stays: the
-- lists that say since when a follow-up failed or paused read it.
UPDATE enrollments SET signer = ?2, rev = rev + 1,
       due_at = CASE WHEN status = 'active' AND due_at > ?3
                      AND substr(reason, 1, length(owner) + 10) = owner || ' is away (' THEN ?3 ELSE due_at END,
       reason = CASE WHEN status = 'active'
                      AND substr(reason, 1, length(owner) + 10) = owner || ' is away (' THEN '' ELSE reason END
WHERE id = ?1 AND signer = '' AND ?2 <> '';

-- name: seq-enrollment-signer-read-done
DELETE FROM enrollment_signer_reads WHERE enrollment_id = ?;

-- name: seq-sent-draft-copies
-- ?1 the earliest filing looked at. Follow-up steps, greetings and monthly
-- letters filed in Drafts with
-- no sent copy recorded yet, each with the outbound mails that may be its
-- copy in Sent under another Message-ID (a mail client sends a draft under
-- a new one): to its customer (read by the customer's index) from its
-- mailbox since it was filed, with its subject, to its first recipient, no
-- other item's; earliest first. The caller compares the text. A draft an
-- APPEND of which lost its answer (append_lost: it may be in Drafts) and
-- that is not drafted (waiting for its retry, uncertain, skipped or given
-- up) counts as filed when that attempt was claimed (append_lost_at): her
-- copy of it is keepwarm's mail while it waits too. CROSS JOIN keeps the
-- outbox's drafts (outbox_due) the outer loop: with the status read as an
-- OR the planner, which has no statistics, otherwise starts from every
-- outbound message (messages_kind), about 60 ms at 100,000 messages for
-- an empty outbox, several times a tick.
SELECT o.id, o.text_body, m.message_id, m.snippet
FROM outbox o
CROSS JOIN messages m ON m.customer_id = o.customer_id AND m.kind = 'outbound' AND m.mailbox = o.mailbox
     AND m.received_at >= coalesce(o.appended_at, o.append_lost_at)
     AND m.message_id != '' AND m.message_id != o.message_id AND lower(m.subject) = lower(o.subject)
     AND instr(',' || lower(m.to_addrs) || ',', ',' || lower(json_extract(o.to_addrs, '$[0].email')) || ',') > 0
WHERE o.origin IN ('sequence', 'greeting', 'letter') AND o.mode = 'draft' AND o.sent_copy = ''
  AND (o.status = 'drafted' OR (o.append_lost = 1 AND o.status IN ('queued', 'sending', 'uncertain', 'skipped', 'failed')))
  AND coalesce(o.appended_at, o.append_lost_at) >= ?1
  AND NOT EXISTS (SELECT 1 FROM outbox x WHERE x.message_id = m.message_id)
  AND NOT EXISTS (SELECT 1 FROM outbox x WHERE x.sent_copy = m.message_id AND x.sent_copy != '')
ORDER BY o.id, m.received_at, m.id;

-- name: seq-keepwarm-copy-of
-- ?1: a message id. The origin of the greeting or letter filed in Drafts
-- whose matched copy in Sent the message is (by outbox's sent_copy index);
-- no row when it is none.
SELECT o.origin FROM messages m
JOIN outbox o ON o.sent_copy = m.message_id AND o.sent_copy != ''
WHERE m.id = ?1 AND m.message_id != '' AND o.origin IN ('greeting', 'letter')
LIMIT 1;

-- name: seq-set-sent-copy
UPDATE outbox SET sent_copy = ?2 WHERE id = ?1 AND sent_copy = '';

-- name: seq-own-reply-texts
-- ?1: a sender's address; ?2: how many; ?3: the sender's name ('': any).
-- The texts of the latest replies they sent, newest first (read by sender
-- through messages_outbound_from), without keepwarm's own: a step sent, or
-- a draft whose sent copy this is.
SELECT mt.text
FROM messages m JOIN message_texts mt ON mt.message_id = m.id
WHERE m.kind = 'outbound' AND m.from_email = lower(?1) AND m.in_reply_to != ''
  AND (?3 = '' OR trim(m.from_name) = ?3 COLLATE NOCASE)
  AND NOT EXISTS (SELECT 1 FROM outbox x WHERE x.message_id = m.message_id)
  AND NOT EXISTS (SELECT 1 FROM outbox x WHERE x.sent_copy = m.message_id AND x.sent_copy != '')
ORDER BY m.received_at DESC LIMIT ?2;
