-- Reply clocks: measuring (prepared per batch), nudges and reports.

-- name: replies-dirty
SELECT thread_id FROM reply_dirty ORDER BY thread_id LIMIT ?1;

-- name: replies-thread-mail
-- ?1: a JSON array of thread ids, ascending. Every inbound and outbound
-- customer message of those threads, with what a clock needs of it and of
-- its customer; measureThread derives the clocks from them in one pass.
-- messages_thread serves each thread; the CROSS JOIN keeps the dirty threads
-- driving the loop (so each thread's rows come together, threads in the
-- array's order, each thread's by received_at), and the unary + keeps
-- SQLite from reading every inbound and outbound message of the database
-- through messages_kind instead. No ORDER BY: sorting every row through a
-- temporary B-tree took most of the query's time after a large first sync;
-- the reader checks the threads' order and puts messages of one instant in
-- id order itself. Then when the message was marked "no answer needed"
-- (0: not marked). The customers are read apart, once a chunk
-- (replies-customers), and an inbound message's answer in another
-- conversation too (replies-answers-elsewhere). A follow-up step, greeting
-- or letter keepwarm sent in the salesperson's name answers nobody, in the
-- thread as elsewhere: a step that went out just after the customer's
-- answer, before its copy was stored, is not the team's reply to it. So
-- is a step, greeting or letter filed in Drafts that the salesperson sent under a new
-- Message-ID once its copy in Sent is matched (outbox.sent_copy, read by
-- its partial index: one probe of an index holding only such copies per
-- outbound message; matching one marks the threads it may have answered
-- dirty, 0406). The From name is read for outbound mail alone (only an
-- answer's is used). messages_thread holds every column read here, the
-- outbound mail's Message-ID and From name too (0453), so SQLite reads no
-- row of messages: a page of the table for each outbound message was
-- about half of the query's time after a large first sync. The recipients
-- of outbound mail (whom it answers when it is filed under another
-- customer) are read apart, only in threads holding mail of more than one
-- customer (replies-thread-recipients).
SELECT m.id, m.thread_id, m.customer_id, m.kind = 'inbound' AS inbound, m.received_at, m.mailbox,
       m.from_email, coalesce(w.waived_at, 0), CASE WHEN m.kind = 'outbound' THEN m.from_name ELSE '' END,
       m.message_id
FROM json_each(?1) d
CROSS JOIN messages m ON m.thread_id = d.value
LEFT JOIN reply_waivers w ON w.message_id = m.id
WHERE +m.kind IN ('inbound', 'outbound') AND m.customer_id IS NOT NULL
  AND (m.kind = 'inbound'
       OR (NOT EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = m.message_id AND o.origin IN ('sequence', 'greeting', 'letter'))
           AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.sent_copy = m.message_id AND o.sent_copy != '' AND o.origin IN ('sequence', 'greeting', 'letter'))));

-- name: replies-unseen-headers
-- ?1: a JSON array of inbound message ids: what shows whether each answers
-- mail of the team's that keepwarm never saw (see unseenAnswers): the ids
-- it answers (In-Reply-To) and follows (References), its To, its sender,
-- its subject.
SELECT m.id, m.in_reply_to, m.refs, m.to_addrs, m.from_email, m.subject
FROM json_each(?1) d CROSS JOIN messages m ON m.id = d.value
WHERE m.in_reply_to <> '' AND m.refs <> '';

-- name: replies-unseen-texts
-- ?1: a JSON array of inbound message ids, the few whose headers show an
-- answer keepwarm never saw and the mail each followed (see
-- unseenAnswers): whether each one's text is still to be read
-- (text_pending) or can never be read (no snippet, and a copy the
-- backfill could not read: backfill-gone), its snippet, whose quote shows
-- what the unknown mail said, and its subject.
SELECT m.id,
       m.text_pending OR (m.snippet = '' AND EXISTS (SELECT 1 FROM message_copies c WHERE c.message_id = m.id AND c.text_gone = 1)),
       m.snippet, m.subject
FROM json_each(?1) d CROSS JOIN messages m ON m.id = d.value;

-- name: replies-held-ids
-- ?1: a JSON array of Message-IDs: those keepwarm holds, as stored mail or
-- as mail it sent or filed itself (a follow-up step, greeting or letter,
-- or its copy sent from Drafts, whose own copy may not be stored yet). A
-- "received" draft it filed is not: only the salesperson sends it, from a
-- phone that keeps the draft's id and no Sent copy, and the customer's
-- answer to it shows her answer.
SELECT d.value FROM json_each(?1) d
WHERE EXISTS (SELECT 1 FROM messages m WHERE m.key = d.value)
   OR EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = d.value AND NOT (o.origin = 'ack' AND o.mode = 'draft'))
   OR EXISTS (SELECT 1 FROM outbox o WHERE o.sent_copy = d.value AND o.sent_copy != '');

-- name: replies-team-senders
-- ?1: a JSON array of addresses, lower-case: those the team's mail to
-- customers was sent from (messages_outbound_from): known team addresses.
SELECT d.value FROM json_each(?1) d
WHERE EXISTS (SELECT 1 FROM messages m WHERE m.kind = 'outbound' AND m.from_email = d.value);

-- name: replies-team-absences
-- ?1: a JSON array of addresses, lower-case: the absences entered for them
-- on the desk (not cancelled), whatever their dates.
SELECT a.person, a.from_at, a.until_at FROM absences a
WHERE a.cancelled_at IS NULL AND a.person IN (SELECT value FROM json_each(?1));

-- name: replies-covered-ids
-- ?1: a JSON array of inbound message ids: those a backup was nudged about
-- for an absent colleague (absence_covers), with who was away.
SELECT c.message_id, c.person FROM absence_covers c
WHERE c.message_id IN (SELECT value FROM json_each(?1));

-- name: replies-customers
-- ?1: a JSON array of customer ids: what their clocks need of them. A
-- message whose customer is missing (none is) gets no clock.
SELECT c.id, c.key, c.grade, c.owner FROM customers c WHERE c.id IN (SELECT value FROM json_each(?1));

-- name: replies-thread-recipients
-- ?1: a JSON array of message ids: each one's To and Cc addresses,
-- lower-case, joined by commas (outbound mail of threads holding more than
-- one customer's mail, see threadRecipients).
SELECT m.id, m.to_addrs || ',' || m.cc_addrs FROM json_each(?1) d CROSS JOIN messages m ON m.id = d.value;

-- name: replies-named-customers
-- ?1: a JSON array of addresses, lower-case: those of them that are a
-- customer's contact, with its customer. Outbound mail in a thread answers
-- the customers whose contacts it names in To or Cc (see threadAnswers).
SELECT ct.email, ct.customer_id FROM contacts ct WHERE ct.email IN (SELECT value FROM json_each(?1));

-- name: replies-answers-elsewhere-spans
-- ?1: a JSON array of [customer id, after, until] spans (unix seconds), by
-- customer and time: for each customer of the inbound messages of the
-- threads being measured, the stretches from the first of them to the end
-- of the last's window, split where more than a week lies between two
-- windows (see answersElsewhere). The customer's outbound mail in them,
-- (customer, received_at, id) from messages_customer alone, in its
-- order: measureChunk keeps the messages inside a window and reads them
-- whole (replies-answers-elsewhere). One range read a window (some 47,000
-- in a first measurement after a 100,000-message sync) took most of the
-- time; the index entries between windows less than a week apart cost
-- little.
SELECT r.customer_id, r.received_at, r.id
FROM json_each(?1) w
CROSS JOIN messages r INDEXED BY messages_customer
    ON r.customer_id = w.value ->> 0 AND r.kind = 'outbound'
   AND r.received_at > w.value ->> 1 AND r.received_at <= w.value ->> 2;

-- name: replies-answers-elsewhere
-- ?1: a JSON array of message ids, in (customer, received_at, id) order:
-- the team's mail to the customers of the inbound messages of the threads
-- being measured that came in the time after one of them in which an
-- answer in another thread would come before its answer in its own (the
-- week after it, cut at its own thread's answer; see
-- replies-answers-elsewhere-spans). Those of them that may answer one of
-- the messages in another thread (see replies-elsewhere for what counts):
-- every outbound message but a follow-up step, greeting or letter
-- keepwarm sent in the salesperson's name. measureChunk matches them to
-- the inbound messages (recipient, thread, first in time). In the array's
-- order, which the reader checks.
SELECT r.id, r.customer_id, r.thread_id, r.received_at, r.mailbox, r.from_email, r.to_addrs, r.from_name
FROM json_each(?1) d
CROSS JOIN messages r ON r.id = d.value
WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = r.message_id AND o.origin IN ('sequence', 'greeting', 'letter'))
  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.sent_copy = r.message_id AND o.sent_copy != '' AND o.origin IN ('sequence', 'greeting', 'letter'));

-- name: replies-elsewhere
-- ?1: a JSON array of thread ids about to be measured, ?2: the window
-- (seconds). An answer need not be in the customer's thread: a salesperson
-- who answers a buyer's new mail from the last quotation's thread, or in a
-- fresh mail of her own, has answered it. What counts (replies-answers-elsewhere
-- and replies-nudge-state): the team's first mail after it, within the
-- window, in another thread of the same customer, with the inbound's sender
-- in its To (a Cc is someone kept informed, not the one answered), and not
-- a follow-up step, greeting or letter keepwarm sent in the salesperson's
-- name. These are the already measured threads whose clocks an outbound
-- message of ?1 may answer so: measured again with them. (Threads never
-- measured are waiting in reply_dirty and see it when their turn comes.)
-- They are found through their clocks (reply_clocks_customer), whose
-- thread, customer and arrival are the inbound message's as last measured:
-- a message whose thread, customer or arrival changed since has its thread
-- dirty already (the triggers on messages and customers mark it).
SELECT DISTINCT rc.thread_id
FROM json_each(?1) d
CROSS JOIN messages o ON o.thread_id = d.value
JOIN reply_clocks rc INDEXED BY reply_clocks_customer ON rc.customer_id = o.customer_id
    AND rc.received_at >= o.received_at - ?2 AND rc.received_at < o.received_at
WHERE +o.kind = 'outbound' AND o.customer_id IS NOT NULL AND rc.thread_id != o.thread_id
  AND rc.thread_id NOT IN (SELECT value FROM json_each(?1));

-- name: replies-upsert
-- Nudge and digest columns are left alone: each nudge level goes out once
-- per message, ever, however often the message is measured again. A clock
-- answered by the same message as when it was last measured keeps who
-- answered it and the target and grade it was judged against: a later change of the
-- targets, of a customer's grade or of the team (a salesperson who left,
-- their mailbox now owned by another) does not rewrite past figures; only
-- clocks still running, and answers found since, are judged with today's.
-- owner is the customer's owner of today (the desk and the nudges go to
-- them); report_owner, whom a report files the clock under while nobody
-- answered it, stays the owner it had once it went past its target, was
-- marked "no answer needed" or was answered by mail keepwarm never saw
-- (with the same customer): a customer handed on,
-- or back to the pool, does not move its past breaches to the new owner.
-- (Every change of a customer's owner marks its threads dirty, so the
-- owner last measured is the one the clock had until now.)
-- Plain ? parameters: one statement writes several clocks (runRows).
INSERT INTO reply_clocks (message_id, thread_id, customer_id, mailbox, received_at, started_at, covered_by,
                          replied_at, reply_id, replied_by, seconds, business_seconds, target_seconds,
                          within_target, owner, measured_at, waived_at, business_due_at, grade, report_owner, unseen_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (message_id) DO UPDATE SET
    thread_id = excluded.thread_id, customer_id = excluded.customer_id, mailbox = excluded.mailbox,
    received_at = excluded.received_at, started_at = excluded.started_at, covered_by = excluded.covered_by,
    replied_at = excluded.replied_at, reply_id = excluded.reply_id,
    replied_by = CASE WHEN reply_clocks.reply_id = excluded.reply_id AND reply_clocks.replied_by <> ''
                      THEN reply_clocks.replied_by ELSE excluded.replied_by END,
    seconds = excluded.seconds, business_seconds = excluded.business_seconds,
    target_seconds = CASE WHEN reply_clocks.reply_id = excluded.reply_id AND reply_clocks.replied_by <> ''
                          THEN reply_clocks.target_seconds ELSE excluded.target_seconds END,
    within_target = CASE WHEN reply_clocks.reply_id = excluded.reply_id AND reply_clocks.replied_by <> ''
                         THEN excluded.seconds <= reply_clocks.target_seconds ELSE excluded.within_target END,
    owner = excluded.owner, measured_at = excluded.measured_at, waived_at = excluded.waived_at,
    business_due_at = excluded.business_due_at, unseen_by = excluded.unseen_by,
    grade = CASE WHEN reply_clocks.reply_id = excluded.reply_id AND reply_clocks.replied_by <> ''
                 THEN reply_clocks.grade ELSE excluded.grade END,
    report_owner = CASE WHEN reply_clocks.report_owner <> '' AND reply_clocks.customer_id = excluded.customer_id
                             AND (reply_clocks.waived_at IS NOT NULL
                                  OR reply_clocks.unseen_by IS NOT NULL AND excluded.unseen_by IS NOT NULL
                                  OR excluded.measured_at - reply_clocks.started_at > reply_clocks.target_seconds)
                        THEN reply_clocks.report_owner ELSE excluded.owner END;

-- name: replies-insert
-- replies-upsert for clocks none of which can be stored yet (see
-- measurePass): an INSERT OR IGNORE keeps no statement journal. The
-- caller counts the rows each statement wrote itself (rows-changed, which
-- a trigger's rows do not change) and upserts them all should it have left
-- one out.
INSERT OR IGNORE INTO reply_clocks (message_id, thread_id, customer_id, mailbox, received_at, started_at, covered_by,
                          replied_at, reply_id, replied_by, seconds, business_seconds, target_seconds,
                          within_target, owner, measured_at, waived_at, business_due_at, grade, report_owner, unseen_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: replies-writes
-- The rows this connection (the writer) has inserted, changed or deleted
-- since it opened, and the version another connection's commit changes:
-- both unchanged from one measuring transaction to the next, nothing else
-- wrote in between (see measurePass).
SELECT total_changes(), (SELECT data_version FROM pragma_data_version);

-- name: replies-clocks-none
-- 1 when no clock is stored (no measurement yet).
SELECT NOT EXISTS (SELECT 1 FROM reply_clocks);

-- name: replies-thread-pooled
-- ?1: a JSON array of thread ids. Their clocks marked 'pool:' (went back to
-- the pool within their target, migration 0354): a measurement past the
-- target files them under the pool's answerer (replies-pool-owner).
SELECT message_id FROM reply_clocks WHERE thread_id IN (SELECT value FROM json_each(?1)) AND report_owner = 'pool:';

-- name: replies-pool-owner
-- ?1 message, ?2 who answers the pool's mail of its mailbox: a clock
-- replies-upsert left marked 'pool:' (past its target) is filed under them.
UPDATE reply_clocks SET report_owner = ?2 WHERE message_id = ?1 AND report_owner = 'pool:';

-- name: replies-thread-clocks
-- ?1: a JSON array of thread ids. The clocks they hold (reply_clocks_thread
-- alone).
SELECT message_id FROM reply_clocks WHERE thread_id IN (SELECT value FROM json_each(?1));

-- name: replies-delete-stale
-- ?1: a JSON array of clocks (message ids) a measurement of their threads
-- no longer gives: their message moved to another thread (already
-- upserted there: measureChunk leaves those out) or is no longer an
-- inbound customer message.
DELETE FROM reply_clocks WHERE message_id IN (SELECT value FROM json_each(?1));

-- name: replies-dirty-clear
DELETE FROM reply_dirty WHERE thread_id IN (SELECT value FROM json_each(?1));

-- name: replies-settings-get
SELECT value FROM reply_state WHERE key = 'settings';

-- name: replies-settings-set
INSERT INTO reply_state (key, value) VALUES ('settings', ?1)
ON CONFLICT (key) DO UPDATE SET value = excluded.value;

-- name: replies-dirty-all
INSERT OR IGNORE INTO reply_dirty (thread_id) SELECT DISTINCT thread_id FROM reply_clocks;

-- name: replies-digest-mark
-- ?1: now, ?2: the backlog cut-off. Running clocks older than the cut-off get
-- no nudge (no storm at start-up): they are handed to the digest.
UPDATE reply_clocks SET digest_at = ?1
WHERE replied_at IS NULL AND covered_by IS NULL AND waived_at IS NULL AND unseen_by IS NULL AND digest_at IS NULL AND started_at < ?2;

-- name: replies-nudges-due
-- ?1: now, ?2: nudge_after in seconds, ?3: the backlog cut-off. Level 2 is
-- due at the target; level 1 at nudge_after when that comes before the
-- target, else (a grade's target of 5m with nudge_after 5m) at half the
-- target: the owner is always nudged before the target passes. When both
-- are due (the daemon was down), only level 2 goes out.
-- The contact's name is the book's (a person may have typed it), else the
-- name in the mail's From; the company is the customer's name in the book,
-- not the stand-in a new customer gets from its key ('globex.de').
SELECT rc.message_id, rc.thread_id, c.key AS customer, m.from_email, m.subject, m.snippet, rc.mailbox,
       rc.owner, rc.started_at, rc.target_seconds,
       coalesce(nullif(ct.name, ''), m.from_name) AS contact_name, CASE WHEN c.name IN (c.domain, substr(c.key, instr(c.key, ':') + 1)) THEN '' ELSE c.name END AS company,
       CASE WHEN rc.started_at + rc.target_seconds <= ?1 THEN 2 ELSE 1 END AS level,
       (m.parse_error != '' AND trim(m.snippet) = '') AS unreadable
FROM reply_clocks rc
JOIN messages m ON m.id = rc.message_id
JOIN customers c ON c.id = rc.customer_id
LEFT JOIN contacts ct ON ct.email = lower(m.from_email)
WHERE rc.replied_at IS NULL AND rc.covered_by IS NULL AND rc.waived_at IS NULL AND rc.unseen_by IS NULL AND rc.digest_at IS NULL
  AND rc.started_at >= ?3 AND rc.nudge2_at IS NULL
  AND (rc.started_at + rc.target_seconds <= ?1
       OR (rc.nudge1_at IS NULL AND rc.target_seconds >= 2
           AND rc.started_at + CASE WHEN ?2 < rc.target_seconds THEN ?2 ELSE rc.target_seconds / 2 END <= ?1))
ORDER BY rc.started_at, rc.message_id;

-- name: replies-nudge-state
-- ?1: the message a queued nudge is about, ?2: the window of an answer
-- elsewhere. Its earliest answer (an outbound message in its thread,
-- received after it, to the same customer or with its sender or another
-- contact of its customer in To or Cc (p: a Reply-all filed under the
-- forwarder named first), or one written
-- to its sender in another
-- of the customer's threads as replies-elsewhere has it, neither a
-- follow-up step, greeting or letter keepwarm sent: what
-- measureThread counts, whether measured yet or not), whether its clock
-- still runs (it holds one, unanswered, not settled), and who marked it "no
-- answer needed" and when (the mark itself, measured or not), and whether
-- the target nudge was queued or the message handed to the digest, and when
-- its target passes. No row:
-- the message is gone.
SELECT CASE WHEN p.id IS NOT NULL AND (a.id IS NULL OR (p.received_at, p.id) < (a.received_at, a.id)) THEN p.received_at ELSE a.received_at END AS answered_at,
       CASE WHEN p.id IS NOT NULL AND (a.id IS NULL OR (p.received_at, p.id) < (a.received_at, a.id)) THEN p.from_email ELSE a.from_email END AS answered_by,
       coalesce(rc.replied_at IS NULL AND rc.covered_by IS NULL AND rc.waived_at IS NULL AND rc.unseen_by IS NULL, 0) AS running,
       coalesce(w.waived_by, '') AS waived_by, coalesce(w.waived_at, 0) AS waived_at,
       rc.nudge2_at IS NOT NULL AS target_nudged, rc.digest_at IS NOT NULL AS in_digest,
       coalesce(rc.started_at + rc.target_seconds, 0) AS target_at
FROM messages m
LEFT JOIN messages p ON p.id = (SELECT r.id FROM messages r INDEXED BY messages_thread
                                WHERE r.thread_id = m.thread_id AND r.received_at > m.received_at AND r.kind = 'outbound'
                                  AND (instr(',' || r.to_addrs || ',' || r.cc_addrs || ',', ',' || m.from_email || ',') > 0
                                       OR EXISTS (SELECT 1 FROM contacts ct WHERE ct.customer_id = m.customer_id AND ct.email != ''
                                                  AND instr(',' || r.to_addrs || ',' || r.cc_addrs || ',', ',' || ct.email || ',') > 0))
                                  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = r.message_id
                                                  AND o.origin IN ('sequence', 'greeting', 'letter'))
                                  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.sent_copy = r.message_id
                                                  AND o.sent_copy != '' AND o.origin IN ('sequence', 'greeting', 'letter'))
                                ORDER BY r.received_at, r.id LIMIT 1)
LEFT JOIN messages a ON a.id = (SELECT r.id FROM messages r INDEXED BY messages_customer
                                WHERE r.customer_id = m.customer_id AND r.kind = 'outbound' AND r.received_at > m.received_at
                                  AND (r.thread_id = m.thread_id
                                       OR (r.received_at <= m.received_at + ?2
                                           AND instr(',' || r.to_addrs || ',', ',' || m.from_email || ',') > 0))
                                  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = r.message_id
                                                  AND o.origin IN ('sequence', 'greeting', 'letter'))
                                  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.sent_copy = r.message_id
                                                  AND o.sent_copy != '' AND o.origin IN ('sequence', 'greeting', 'letter'))
                                ORDER BY r.received_at, r.id LIMIT 1)
LEFT JOIN reply_clocks rc ON rc.message_id = m.id
LEFT JOIN reply_waivers w ON w.message_id = m.id
WHERE m.id = ?1;

-- name: replies-nudged
-- ?1: message, ?2: level, ?3: when. Level 2 also stands for level 1.
UPDATE reply_clocks
SET nudge1_at = coalesce(nudge1_at, ?3),
    nudge2_at = CASE WHEN ?2 >= 2 THEN coalesce(nudge2_at, ?3) ELSE nudge2_at END
WHERE message_id = ?1;

-- name: replies-next-due
-- ?1: nudge_after in seconds, ?2: the backlog cut-off. The earliest instant a
-- nudge falls due (level 1 as replies-nudges-due has it), NULL when none will.
SELECT min(CASE WHEN nudge1_at IS NULL AND ?1 < target_seconds THEN started_at + ?1
                WHEN nudge1_at IS NULL AND target_seconds >= 2 THEN started_at + target_seconds / 2
                ELSE started_at + target_seconds END)
FROM reply_clocks
WHERE replied_at IS NULL AND covered_by IS NULL AND waived_at IS NULL AND unseen_by IS NULL AND digest_at IS NULL AND nudge2_at IS NULL
  AND started_at >= ?2;

-- name: replies-digest-list
-- Unanswered messages handed to the digest, oldest first.
SELECT rc.message_id, rc.thread_id, c.key AS customer, m.from_email, m.subject, m.snippet, rc.mailbox,
       rc.owner, rc.started_at, rc.target_seconds,
       coalesce(nullif(ct.name, ''), m.from_name) AS contact_name, CASE WHEN c.name IN (c.domain, substr(c.key, instr(c.key, ':') + 1)) THEN '' ELSE c.name END AS company, 0 AS level
FROM reply_clocks rc
JOIN messages m ON m.id = rc.message_id
JOIN customers c ON c.id = rc.customer_id
LEFT JOIN contacts ct ON ct.email = lower(m.from_email)
WHERE rc.digest_at IS NOT NULL AND rc.replied_at IS NULL AND rc.covered_by IS NULL AND rc.waived_at IS NULL AND rc.unseen_by IS NULL
ORDER BY rc.started_at, rc.message_id;

-- name: replies-clock
SELECT rc.message_id, rc.thread_id, rc.customer_id, c.key AS customer, c.grade, c.owner AS customer_owner,
       rc.mailbox, rc.received_at, rc.started_at, coalesce(rc.covered_by, 0) AS covered_by,
       coalesce(rc.replied_at, 0) AS replied_at, coalesce(rc.reply_id, 0) AS reply_id, rc.replied_by,
       coalesce(rc.business_seconds, 0) AS business_seconds, rc.target_seconds, rc.owner,
       coalesce(rc.nudge1_at, 0) AS nudge1_at, coalesce(rc.nudge2_at, 0) AS nudge2_at,
       coalesce(rc.digest_at, 0) AS digest_at, coalesce(rc.waived_at, 0) AS waived_at,
       coalesce(rc.unseen_by, 0) AS unseen_by
FROM reply_clocks rc JOIN customers c ON c.id = rc.customer_id
WHERE rc.message_id = ?1;

-- name: replies-report-rows
-- Reports. ?1: since, ?2: until (clocks that started in [since, until)),
-- ?3: now (how long a running clock has waited, and whether it is past
-- its target in working hours: business_due_at), ?4: the grouping (by
-- grade: the grade the clock was judged with, kept as its target is). Only the
-- clock holders count (covered_by IS NULL); a clock settled as needing no
-- answer (waived_at, apart 1) or answered by mail keepwarm never saw
-- (unseen_by, apart 2) is counted apart. By salesperson: who answered, else
-- the owner it had when it went past its target or was so marked
-- (report_owner, see replies-upsert). One compact row per clock: the
-- figures are summed and ranked in Go in one pass, which is several times
-- faster than SQLite's window functions over the same rows. (A comment after
-- a query's semicolon would become an empty second statement: keep them
-- above.)
SELECT CASE ?4 WHEN 'customer' THEN c.key
               WHEN 'country' THEN c.country
               WHEN 'grade' THEN rc.grade
               ELSE coalesce(nullif(rc.replied_by, ''), nullif(nullif(rc.report_owner, ''), 'pool:'), rc.owner) END AS grp,
       coalesce(rc.seconds, -1), coalesce(rc.business_seconds, -1), rc.target_seconds,
       CASE WHEN rc.replied_at IS NULL THEN ?3 - rc.started_at ELSE -1 END AS waiting,
       CASE WHEN rc.waived_at IS NOT NULL THEN 1 WHEN rc.unseen_by IS NOT NULL THEN 2 ELSE 0 END AS apart,
       coalesce(rc.replied_at IS NULL AND rc.business_due_at <= ?3, 0) AS business_overdue,
       rc.grade
FROM reply_clocks rc JOIN customers c ON c.id = rc.customer_id
WHERE rc.covered_by IS NULL AND rc.started_at >= ?1 AND rc.started_at < ?2;

-- name: replies-report-rows-customer
-- As replies-report-rows grouped by customer, for the one customer ?5:
-- read through reply_clocks_customer, however many clocks the team has.
SELECT c.key AS grp,
       coalesce(rc.seconds, -1), coalesce(rc.business_seconds, -1), rc.target_seconds,
       CASE WHEN rc.replied_at IS NULL THEN ?3 - rc.started_at ELSE -1 END AS waiting,
       CASE WHEN rc.waived_at IS NOT NULL THEN 1 WHEN rc.unseen_by IS NOT NULL THEN 2 ELSE 0 END AS apart,
       coalesce(rc.replied_at IS NULL AND rc.business_due_at <= ?3, 0) AS business_overdue,
       rc.grade
FROM reply_clocks rc JOIN customers c ON c.id = rc.customer_id
WHERE rc.customer_id = ?5 AND rc.covered_by IS NULL AND rc.started_at >= ?1 AND rc.started_at < ?2 AND ?4 = 'customer';

-- name: replies-unanswered
-- ?1 owner, ?2 until: the clocks of ?1 (every owner's when ?4 = 1) still
-- running that started before ?2, oldest first; read from the open clocks
-- alone, however many clocks there are.
SELECT rc.message_id, rc.thread_id, c.key AS customer, c.name AS customer_name, c.country, c.grade,
       rc.owner, rc.replied_by, m.subject, m.from_email AS contact, rc.mailbox, rc.started_at,
       rc.replied_at, ?3 - rc.started_at AS seconds, rc.business_seconds, rc.target_seconds
FROM reply_clocks rc
JOIN customers c ON c.id = rc.customer_id
JOIN messages m ON m.id = rc.message_id
WHERE rc.replied_at IS NULL AND rc.covered_by IS NULL AND rc.waived_at IS NULL AND rc.unseen_by IS NULL AND rc.started_at < ?2 AND (?4 = 1 OR rc.owner = ?1)
ORDER BY rc.started_at, rc.message_id;

-- name: replies-unanswered-off-team
-- ?1 the team (",a,b,": salespeople and manager, lower case), ?2 until,
-- ?3 now: the clocks still running that started before ?2 whose owner is
-- not on the team (left it before their customers were handed on), oldest
-- first.
SELECT rc.message_id, rc.thread_id, c.key AS customer, c.name AS customer_name, c.country, c.grade,
       rc.owner, rc.replied_by, m.subject, m.from_email AS contact, rc.mailbox, rc.started_at,
       rc.replied_at, ?3 - rc.started_at AS seconds, rc.business_seconds, rc.target_seconds
FROM reply_clocks rc
JOIN customers c ON c.id = rc.customer_id
JOIN messages m ON m.id = rc.message_id
WHERE rc.replied_at IS NULL AND rc.covered_by IS NULL AND rc.waived_at IS NULL AND rc.unseen_by IS NULL AND rc.started_at < ?2
  AND rc.owner <> '' AND instr(?1, ',' || lower(rc.owner) || ',') = 0
ORDER BY rc.started_at, rc.message_id;

-- name: replies-unanswered-recent
-- ?1 owner, ?2 until, ?3 now, ?4 limit: the ?4 most recent of the clocks
-- replies-unanswered lists for ?1, newest first (the digest shows them).
SELECT rc.message_id, rc.thread_id, c.key AS customer, c.name AS customer_name, c.country, c.grade,
       rc.owner, rc.replied_by, m.subject, m.from_email AS contact, rc.mailbox, rc.started_at,
       rc.replied_at, ?3 - rc.started_at AS seconds, rc.business_seconds, rc.target_seconds
FROM reply_clocks rc
JOIN customers c ON c.id = rc.customer_id
JOIN messages m ON m.id = rc.message_id
WHERE rc.replied_at IS NULL AND rc.covered_by IS NULL AND rc.waived_at IS NULL AND rc.unseen_by IS NULL AND rc.started_at < ?2 AND rc.owner = ?1
ORDER BY rc.started_at DESC, rc.message_id DESC
LIMIT ?4;

-- name: replies-unanswered-count
-- ?1 owner, ?2 until: how many clocks replies-unanswered lists for ?1. Read
-- from reply_clocks alone: no message or customer is ever deleted (a merged
-- customer stays, for its unmerge), so every clock has both and the joins
-- there leave none out.
SELECT count(*)
FROM reply_clocks rc
WHERE rc.replied_at IS NULL AND rc.covered_by IS NULL AND rc.waived_at IS NULL AND rc.unseen_by IS NULL AND rc.started_at < ?2 AND rc.owner = ?1;

-- name: replies-overdue-oldest
-- ?1 owner, ?2 until, ?3 now, ?4 1 for every owner's, ?5 limit, ?6 the
-- mailboxes and departed owners ?1 stands in for (Viewer.StandIn, "" for
-- none): the ?5 oldest of the clocks replies-unanswered lists for ?1 (and
-- of those of a departed owner in a mailbox ?1 stands in for; every
-- owner's when ?4 = 1) that are past their target at ?3 (a summary's or a
-- report's "still waiting from before"): the rows past the limit are not
-- read, nor their messages' pages. owner and answer_owner as
-- replies-report-list has them: the owner its breach is counted to (a
-- handover after its target passed leaves it to the one before), and the
-- customer's owner of today, whose list ?1 reads.
SELECT rc.message_id, rc.thread_id, c.key AS customer, c.name AS customer_name, c.country, c.grade,
       coalesce(nullif(nullif(rc.report_owner, ''), 'pool:'), rc.owner) AS owner, rc.replied_by, m.subject, m.from_email AS contact, rc.mailbox, rc.started_at,
       rc.replied_at, ?3 - rc.started_at AS seconds, rc.business_seconds, rc.target_seconds,
       '' AS backup, rc.owner AS answer_owner
FROM reply_clocks rc
JOIN customers c ON c.id = rc.customer_id
JOIN messages m ON m.id = rc.message_id
WHERE rc.replied_at IS NULL AND rc.covered_by IS NULL AND rc.waived_at IS NULL AND rc.unseen_by IS NULL AND rc.started_at < ?2
  AND ?3 - rc.started_at > rc.target_seconds
  AND (?4 = 1 OR rc.owner = ?1 OR instr(?6, ',' || rc.mailbox || char(31) || lower(rc.owner) || ',') > 0)
ORDER BY rc.started_at, rc.message_id
LIMIT ?5;

-- name: replies-overdue-count
-- ?1 owner, ?2 until, ?3 now, ?4 1 for every owner's, ?5 stand-in (as
-- replies-overdue-oldest's ?6): how many clocks
-- replies-overdue-oldest lists without a limit. From reply_clocks alone, as
-- replies-unanswered-count: the 13,000 of them after a first sync of
-- 100,000 messages read a page of messages each through the join.
SELECT count(*)
FROM reply_clocks rc
WHERE rc.replied_at IS NULL AND rc.covered_by IS NULL AND rc.waived_at IS NULL AND rc.unseen_by IS NULL AND rc.started_at < ?2
  AND ?3 - rc.started_at > rc.target_seconds
  AND (?4 = 1 OR rc.owner = ?1 OR instr(?5, ',' || rc.mailbox || char(31) || lower(rc.owner) || ',') > 0);

-- name: replies-report-list
-- The clocks a report lists: unanswered, or past their target (answered
-- late, or waiting past it), oldest first; not those settled as needing
-- no answer. owner: the one replies-report-rows files it under when
-- nobody answered it (report_owner). backup: the colleague last nudged
-- about it in its owner's place, the owner being away (absence_covers),
-- else "". answer_owner: the customer's owner of today, whom the desk,
-- nudges and digest ask to answer it (after a handover, not owner).
SELECT rc.message_id, rc.thread_id, c.key AS customer, c.name AS customer_name, c.country, rc.grade,
       coalesce(nullif(nullif(rc.report_owner, ''), 'pool:'), rc.owner) AS owner, rc.replied_by, m.subject, m.from_email AS contact, rc.mailbox, rc.started_at,
       rc.replied_at, coalesce(rc.seconds, ?3 - rc.started_at) AS seconds, rc.business_seconds,
       rc.target_seconds,
       coalesce((SELECT ac.backup FROM absence_covers ac WHERE ac.message_id = rc.message_id
                 ORDER BY ac.level DESC LIMIT 1), '') AS backup,
       rc.owner AS answer_owner
FROM reply_clocks rc
JOIN customers c ON c.id = rc.customer_id
JOIN messages m ON m.id = rc.message_id
WHERE rc.covered_by IS NULL AND rc.waived_at IS NULL AND rc.unseen_by IS NULL AND rc.started_at >= ?1 AND rc.started_at < ?2
  AND (rc.replied_at IS NULL OR rc.seconds > rc.target_seconds)
ORDER BY rc.started_at, rc.message_id;

-- name: replies-waive-target
-- ?1 message, ?2 viewer, ?3 1 for a manager, ?4 the owners ?2 covers for
-- (",a,b,"), ?5 the mailboxes and departed owners ?2 stands in for
-- (Viewer.StandIn). The clock a mark "no answer needed" (or its undo) is about, on
-- mail of a customer the viewer may see (else no row), whether the viewer
-- may answer it (its owner, their cover, a manager), and its mark.
SELECT rc.message_id, rc.thread_id, c.id AS customer_id, coalesce(nullif(c.name, ''), c.key) AS customer_name,
       m.subject, m.from_email AS contact, rc.owner, coalesce(rc.replied_at, 0) AS replied_at,
       coalesce(w.waived_by, '') AS waived_by, coalesce(w.waived_at, 0) AS waived_at,
       (?3 = 1 OR rc.owner = ?2 OR instr(?4, ',' || rc.owner || ',') > 0 OR (rc.owner = c.owner AND instr(?5, ',' || rc.mailbox || char(31) || c.owner || ',') > 0)) AS may_answer
FROM reply_clocks rc
JOIN messages m ON m.id = rc.message_id
JOIN customers c ON c.id = rc.customer_id
LEFT JOIN reply_waivers w ON w.message_id = rc.message_id
WHERE rc.message_id = ?1 AND c.merged_into IS NULL
  AND (?3 = 1 OR c.owner = ?2 OR c.owner = '' OR instr(?4, ',' || c.owner || ',') > 0 OR (rc.owner = c.owner AND instr(?5, ',' || rc.mailbox || char(31) || c.owner || ',') > 0));

-- name: replies-waive
-- ?1 message, ?2 by, ?3 at, ?4 viewer, ?5 1 for a manager, ?6 covers, ?7
-- stand-in (as replies-waive-target): the
-- mark, only on an unanswered clock the viewer may answer.
INSERT INTO reply_waivers (message_id, waived_by, waived_at)
SELECT rc.message_id, ?2, ?3 FROM reply_clocks rc
WHERE rc.message_id = ?1 AND rc.replied_at IS NULL
  AND (?5 = 1 OR rc.owner = ?4 OR instr(?6, ',' || rc.owner || ',') > 0
       OR EXISTS (SELECT 1 FROM customers c WHERE c.id = rc.customer_id AND (rc.owner = c.owner AND instr(?7, ',' || rc.mailbox || char(31) || c.owner || ',') > 0)))
ON CONFLICT (message_id) DO NOTHING;

-- name: replies-waive-clock
-- ?1 message, ?2 at: the marked clock settled at once, as the next
-- measurement writes it (the trigger has its thread measured again).
UPDATE reply_clocks SET waived_at = ?2, covered_by = NULL, started_at = received_at
WHERE message_id = ?1 AND replied_at IS NULL;

-- name: replies-waive-run
-- ?1 message: the mail its marked clock covered inherits the nudges that
-- went out after it arrived. They were about the run it belonged to: when
-- the next measurement makes it a clock of its own, from its own arrival
-- and often past its target already, no second "Reply due" or "Reply target
-- passed" (with the manager's copy) goes out for mail the salesperson was
-- nudged about; it waits on the desk and in the reports as before. A mail
-- that came after the nudges gets its own.
UPDATE reply_clocks AS c
SET nudge1_at = coalesce(c.nudge1_at, CASE WHEN h.nudge1_at >= c.received_at THEN h.nudge1_at END),
    nudge2_at = coalesce(c.nudge2_at, CASE WHEN h.nudge2_at >= c.received_at THEN h.nudge2_at END)
FROM reply_clocks AS h
WHERE h.message_id = ?1 AND c.covered_by = ?1;

-- name: replies-unwaive
-- ?1 message, ?2 viewer, ?3 1 for a manager, ?4 covers, ?5 stand-in: the undo, only by
-- someone who may answer the clock.
DELETE FROM reply_waivers
WHERE message_id = ?1
  AND EXISTS (SELECT 1 FROM reply_clocks rc JOIN customers c ON c.id = rc.customer_id WHERE rc.message_id = ?1
              AND (?3 = 1 OR rc.owner = ?2 OR instr(?4, ',' || rc.owner || ',') > 0 OR (rc.owner = c.owner AND instr(?5, ',' || rc.mailbox || char(31) || c.owner || ',') > 0)));

-- name: replies-unwaive-clock
UPDATE reply_clocks SET waived_at = NULL WHERE message_id = ?1;

-- name: replies-waivers-recent
-- ?1 since, ?2 viewer, ?3 1 for a manager, ?4 covers, ?5 limit, ?6 stand-in: the marks
-- made since ?1 on clocks the viewer may answer, newest first;
-- thread_customer_id: the customer of the message's thread, whose page
-- shows the conversation (as web-waiting-older's).
SELECT w.message_id, rc.thread_id, c.id AS customer_id, coalesce(nullif(c.name, ''), c.key) AS customer_name,
       coalesce((SELECT t.customer_id FROM threads t WHERE t.id = m.thread_id), 0) AS thread_customer_id,
       m.subject, m.from_email AS contact, rc.owner, coalesce(rc.replied_at, 0) AS replied_at,
       w.waived_by, w.waived_at, 1 AS may_answer
FROM reply_waivers w
JOIN reply_clocks rc ON rc.message_id = w.message_id
JOIN messages m ON m.id = w.message_id
JOIN customers c ON c.id = rc.customer_id
WHERE w.waived_at >= ?1 AND c.merged_into IS NULL
  AND ((?3 = 1 OR rc.owner = ?2 OR instr(?4, ',' || rc.owner || ',') > 0)
       AND (?3 = 1 OR c.owner = ?2 OR c.owner = '' OR instr(?4, ',' || c.owner || ',') > 0)
       OR (rc.owner = c.owner AND instr(?6, ',' || rc.mailbox || char(31) || c.owner || ',') > 0))
ORDER BY w.waived_at DESC, w.message_id DESC
LIMIT ?5;
