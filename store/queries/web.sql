-- Queries of the web application. Every read of customer data takes the
-- viewer (?viewer: the signed-in address) and whether they are a manager
-- (?mgr: 1 or 0); a salesperson sees their own customers and the pool.
-- The reads of one customer's page and messages also take the owners the
-- viewer covers for right now (',a,b,'; '' for none): a backup reads the
-- customers of the colleague they cover for while the absence lasts.

-- name: web-login-insert
INSERT INTO web_login_tokens (token_hash, email, next_path, ip, sent, created_at, expires_at)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: web-login-insert-within
-- As web-login-insert (?1-?7), with ?17 as device (asked from a browser the
-- address signed in from), only while the requests since ?8 stay under
-- the limits: ?9 for the address from this IP, ?10 for the address from
-- anywhere (not counted when ?16 = 1: someone on the team signed in from
-- this IP before), ?11 from this IP (a device's requests not counted). A link to be mailed (?5 = 1) is
-- recorded as mailed only while fewer than ?12 links mailed to the
-- address are live (unused, unexpired at ?6) and fewer than ?13 were
-- mailed to the address since ?14 (not counted when ?15 = 1: the address
-- signed in from this IP before; printed links, without an IP, never);
-- otherwise it is recorded unmailed. RETURNING says which. One
-- statement: parallel requests cannot all pass the count.
INSERT INTO web_login_tokens (token_hash, email, next_path, ip, sent, created_at, expires_at, device)
SELECT ?1, ?2, ?3, ?4,
       CASE WHEN ?5 = 1
             AND (SELECT count(*) FROM web_login_tokens WHERE email = ?2 AND sent = 1 AND used_at IS NULL AND expires_at > ?6) < ?12
             AND (?15 = 1 OR (SELECT count(*) FROM web_login_tokens WHERE email = ?2 AND sent = 1 AND ip <> '' AND created_at >= ?14) < ?13)
            THEN 1 ELSE 0 END,
       ?6, ?7, ?17
WHERE (SELECT count(*) FROM web_login_tokens WHERE email = ?2 AND ip = ?4 AND created_at >= ?8) < ?9
  AND (?16 = 1 OR (SELECT count(*) FROM web_login_tokens WHERE email = ?2 AND created_at >= ?8) < ?10)
  AND (?4 = '' OR (SELECT count(*) FROM web_login_tokens WHERE ip = ?4 AND created_at >= ?8 AND device = 0) < ?11)
RETURNING sent;

-- name: web-login-mailed-by-address
-- The sign-in links mailed (not printed) to each address since ?1.
SELECT email, count(*) AS n FROM web_login_tokens
WHERE sent = 1 AND ip <> '' AND created_at >= ?1
GROUP BY email ORDER BY email;

-- name: web-session-ips
-- Who signed in from where: the addresses of the sessions seen since ?1
-- and the IPs they signed in from. A session someone revoked is not
-- counted (its browser was distrusted); one that only ended is.
SELECT DISTINCT email, ip FROM web_sessions WHERE seen_at >= ?1 AND ip <> '' AND revoked_at IS NULL ORDER BY email, ip;

-- name: web-login-use
-- Single use: only an unused, unexpired, mailed token is taken, once.
UPDATE web_login_tokens SET used_at = ?1
WHERE token_hash = ?2 AND used_at IS NULL AND sent = 1 AND expires_at > ?1
RETURNING email, next_path;

-- name: web-login-owner
-- Whom a mailed token was for and where it leads, used or not, expired
-- or not: a dead link pressed in a browser already signed in leads on
-- only for that same person.
SELECT email, next_path FROM web_login_tokens WHERE token_hash = ?1 AND sent = 1;

-- name: web-session-insert
INSERT INTO web_sessions (token_hash, email, user_agent, ip, created_at, seen_at, expires_at, device_hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: web-session-device
-- Whether ?2 signed in from the browser whose device cookie hashes to ?1,
-- in a session seen since ?3 that no manager revoked (an ended one counts,
-- as for web-session-ips).
SELECT EXISTS (SELECT 1 FROM web_sessions
               WHERE device_hash = ?1 AND ?1 <> '' AND email = ?2 AND seen_at >= ?3 AND revoked_at IS NULL);

-- name: web-session-get
SELECT id, email, user_agent, ip, created_at, seen_at, expires_at, device_hash
FROM web_sessions WHERE token_hash = ?1 AND revoked_at IS NULL AND expires_at > ?2;

-- name: web-session-seen
UPDATE web_sessions SET seen_at = ?1 WHERE id = ?2 AND seen_at < ?1 - 60;

-- name: web-session-revoke
UPDATE web_sessions SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL;

-- name: web-session-end
-- Signing out: the session ends now, as if it had expired. Not revoked:
-- the browser is not distrusted, and its IP stays known (web-session-ips).
UPDATE web_sessions SET expires_at = ?1 WHERE id = ?2 AND revoked_at IS NULL AND expires_at > ?1;

-- name: web-sessions-list
SELECT id, email, user_agent, ip, created_at, seen_at, expires_at
FROM web_sessions WHERE revoked_at IS NULL AND expires_at > ?1
ORDER BY seen_at DESC, id DESC;

-- name: web-audit-insert
INSERT INTO web_audit (customer_id, actor, action, subject, before, after, at)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: web-audit-list
-- ?5 the most rows (-1: all).
SELECT a.id, coalesce(a.customer_id, 0) AS customer_id, a.actor, a.action, a.subject, a.before, a.after, a.at
FROM web_audit a JOIN customers c ON c.id = a.customer_id
WHERE a.customer_id = ?1 AND (?3 = 1 OR c.owner = ?2 OR c.owner = '' OR instr(?4, ',' || c.owner || ',') > 0)
ORDER BY a.at DESC, a.id DESC
LIMIT ?5;

-- name: web-audit-count
SELECT count(*) FROM web_audit a JOIN customers c ON c.id = a.customer_id
WHERE a.customer_id = ?1 AND (?3 = 1 OR c.owner = ?2 OR c.owner = '' OR instr(?4, ',' || c.owner || ',') > 0);

-- name: web-audit-last
-- The newest change ?5 of subject ?6 to customer ?1 the viewer may see.
SELECT a.id, coalesce(a.customer_id, 0) AS customer_id, a.actor, a.action, a.subject, a.before, a.after, a.at
FROM web_audit a JOIN customers c ON c.id = a.customer_id
WHERE a.customer_id = ?1 AND (?3 = 1 OR c.owner = ?2 OR c.owner = '' OR instr(?4, ',' || c.owner || ',') > 0)
  AND a.action = ?5 AND a.subject = ?6
ORDER BY a.at DESC, a.id DESC
LIMIT 1;

-- name: web-visible
SELECT id FROM customers
WHERE id = ?1 AND merged_into IS NULL AND (?3 = 1 OR owner = ?2 OR owner = '' OR instr(?4, ',' || owner || ',') > 0);

-- name: web-search
-- ?1 the lower-cased text, ?4 its digits ('' when none): name, domain,
-- key, contact email or name, phone number; CJK names match as substrings.
-- ?7 = 1 when the text has a letter beyond ASCII that has another case:
-- names are then folded with fold (SQLite's lower() leaves "Ромашка" or
-- "Özdemir" as written); any other text (ASCII, Chinese, Japanese) is
-- matched with the built-in lower, in a quarter of the time.
-- ?6: the owners the viewer covers for (",a@x,b@y,", as web-visible).
SELECT c.id, c.key, c.name, c.domain, c.owner, c.grade, c.country
FROM customers c
WHERE c.merged_into IS NULL AND (?3 = 1 OR c.owner = ?2 OR c.owner = '' OR instr(?6, ',' || c.owner || ',') > 0)
  AND (instr(CASE WHEN ?7 THEN fold(c.name) ELSE lower(c.name) END, ?1) > 0
       OR instr(lower(c.domain), ?1) > 0 OR instr(lower(c.key), ?1) > 0
       OR EXISTS (SELECT 1 FROM contacts k WHERE k.customer_id = c.id
                  AND (instr(k.email, ?1) > 0 OR instr(CASE WHEN ?7 THEN fold(k.name) ELSE lower(k.name) END, ?1) > 0))
       OR (?4 != '' AND EXISTS (SELECT 1 FROM phones p WHERE p.customer_id = c.id AND instr(p.number, ?4) > 0)))
ORDER BY c.owner = ?2 DESC, c.owner != '' AND instr(?6, ',' || c.owner || ',') > 0 DESC, c.name, c.id
LIMIT ?5;

-- name: web-pool
-- One page of the pool (?1 rows from ?2), by the name a person reads: the
-- customer's name, else its key without the "domain:"/"addr:" prefix. A
-- customer mail made whose only mail is bounces and automatic answers (the
-- victims of spam forged with the team's address, from before such mail
-- stopped making customers) is no customer to claim: left out.
SELECT c.id, c.key, c.name, c.domain, c.owner, c.grade, c.country
FROM customers c
WHERE c.merged_into IS NULL AND c.owner = ''
  AND NOT (c.source = 'mail' AND EXISTS (SELECT 1 FROM messages m WHERE m.customer_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.customer_id = c.id
                           AND m.kind NOT IN ('bounce', 'auto_reply', 'left_company')))
ORDER BY lower(coalesce(nullif(c.name, ''), substr(c.key, instr(c.key, ':') + 1))), c.id
LIMIT ?1 OFFSET ?2;

-- name: web-pool-count
-- As web-pool counts.
SELECT count(*) FROM customers c
WHERE c.merged_into IS NULL AND c.owner = ''
  AND NOT (c.source = 'mail' AND EXISTS (SELECT 1 FROM messages m WHERE m.customer_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.customer_id = c.id
                           AND m.kind NOT IN ('bounce', 'auto_reply', 'left_company')));

-- name: web-messages
-- A visible customer's threads' messages, newest thread first, messages in
-- order: of each thread its newest ?4 messages, of the threads the ?6 most
-- recently active. Each row says how many messages its thread holds
-- (thread_messages) and how many threads the customer has (threads), so
-- the page says what it leaves out.
WITH ms AS (
  SELECT m.id, m.thread_id, t.subject AS thread_subject, m.kind, m.from_email, m.from_name, m.subject,
         m.received_at, m.snippet, m.text_pending, m.mailbox, m.message_id,
         m.kind = 'notice' AND m.calendar_reply = 1 AS meeting_answer,
         row_number() OVER (PARTITION BY m.thread_id ORDER BY m.received_at DESC, m.id DESC) AS from_newest,
         count(*) OVER (PARTITION BY m.thread_id) AS thread_messages,
         max(m.received_at) OVER (PARTITION BY m.thread_id) AS thread_last
  FROM messages m JOIN threads t ON t.id = m.thread_id JOIN customers c ON c.id = t.customer_id
  WHERE t.customer_id = ?1 AND (?3 = 1 OR c.owner = ?2 OR c.owner = '' OR instr(?5, ',' || c.owner || ',') > 0)
), ranked AS (
  SELECT ms.*, dense_rank() OVER (ORDER BY thread_last DESC, thread_id) AS thread_rank FROM ms
), counted AS (
  SELECT ranked.*, max(thread_rank) OVER () AS threads FROM ranked
)
SELECT id, thread_id, thread_subject, kind, from_email, from_name, subject, received_at, snippet, text_pending,
       mailbox, message_id, meeting_answer, thread_messages, threads
FROM counted
WHERE from_newest <= ?4 AND thread_rank <= ?6
ORDER BY thread_rank, received_at, id;

-- name: web-message
-- A message of a thread whose customer the viewer may see; or one whose
-- reply clock, running or not, the desk would list for the viewer
-- (web-waiting-older: the clock of the viewer, or of one they cover for,
-- on its own customer the viewer may see): the mail they are nudged about,
-- which may be in a thread of a customer that is not theirs (a
-- forwarder's Reply-all or a buyer's private address that joined a
-- colleague's thread). ?5 (Viewer.StandIn): a message of a
-- departed owner's customer, still theirs, whose reply clock is in the
-- mailbox the viewer stands in for. customer_id: the thread's;
-- own_customer_id: the message's own (0: none).
SELECT m.id, m.thread_id, t.subject AS thread_subject, m.kind, m.from_email, m.from_name, m.subject,
       m.received_at, m.snippet, m.text_pending, m.mailbox, m.message_id, c.id AS customer_id,
       coalesce(m.customer_id, 0) AS own_customer_id,
       m.kind = 'notice' AND m.calendar_reply = 1 AS meeting_answer
FROM messages m JOIN threads t ON t.id = m.thread_id JOIN customers c ON c.id = t.customer_id
WHERE m.id = ?1 AND c.merged_into IS NULL
  AND (?3 = 1 OR c.owner = ?2 OR c.owner = '' OR instr(?4, ',' || c.owner || ',') > 0
       OR EXISTS (SELECT 1 FROM reply_clocks rc WHERE rc.message_id = m.id AND (rc.owner = c.owner AND instr(?5, ',' || rc.mailbox || char(31) || c.owner || ',') > 0))
       OR EXISTS (SELECT 1 FROM reply_clocks rc JOIN customers k ON k.id = rc.customer_id
                  WHERE rc.message_id = m.id AND k.merged_into IS NULL
                    AND ((rc.owner = ?2 OR instr(?4, ',' || rc.owner || ',') > 0)
                         AND (k.owner = ?2 OR k.owner = '' OR instr(?4, ',' || k.owner || ',') > 0)
                         OR (rc.owner = k.owner AND instr(?5, ',' || rc.mailbox || char(31) || k.owner || ',') > 0))));

-- name: web-orders
SELECT o.id, o.ordered_at, o.cents, o.currency, o.ref
FROM orders o JOIN customers c ON c.id = o.customer_id
WHERE o.customer_id = ?1 AND (?3 = 1 OR c.owner = ?2 OR c.owner = '' OR instr(?4, ',' || c.owner || ',') > 0)
ORDER BY o.ordered_at DESC, o.id DESC;

-- name: web-task
-- A task the viewer may close: their own, one of a colleague they cover
-- for now (?4, ",a@x,b@y,", as web-visible: the covering digest asks the
-- backup to make that call), or any for a manager.
SELECT t.id, t.customer_id FROM tasks t JOIN customers c ON c.id = t.customer_id
WHERE t.id = ?1 AND (?3 = 1 OR t.owner = ?2 OR instr(?4, ',' || t.owner || ',') > 0);

-- name: web-enrollment
-- An enrollment the viewer may change: sent from their mailbox or signed
-- as them, of their customer, or any for a manager.
SELECT e.id, e.customer_id FROM enrollments e JOIN customers c ON c.id = e.customer_id
WHERE e.id = ?1 AND (?3 = 1 OR e.owner = ?2 OR e.signer = ?2 OR c.owner = ?2);

-- name: web-enrollments-due
-- Live enrollments sent in the viewer's name whose next step falls before ?4:
-- signed as them (e.signer), else from their mailbox ('' signer: e.owner).
SELECT e.*, coalesce(c.key, '') AS customer_key
FROM enrollments e JOIN customers c ON c.id = e.customer_id
WHERE e.status IN ('active', 'paused') AND e.due_at < ?4 AND (?3 = 1 OR coalesce(nullif(e.signer, ''), e.owner) = ?2)
  AND (?1 = 0 OR e.customer_id = ?1)
ORDER BY e.due_at, e.id;

-- name: web-enrollments-paused
-- Follow-ups in the viewer's name paused until someone resumes them (no end), oldest pause first.
SELECT e.*, coalesce(c.key, '') AS customer_key
FROM enrollments e JOIN customers c ON c.id = e.customer_id
WHERE e.status = 'paused' AND coalesce(e.paused_until, 0) = 0 AND (?2 = 1 OR coalesce(nullif(e.signer, ''), e.owner) = ?1)
ORDER BY e.updated_at, e.id;

-- name: web-enrollments-elsewhere
-- Live follow-ups sent in the viewer's name (?1) to customers whose page is
-- not open to them (web-visible's rule, ?2 the owners they cover for): a
-- customer handed to a colleague, or merged away. Few rows, however large
-- the book.
SELECT e.*, coalesce(c.key, '') AS customer_key
FROM enrollments e JOIN customers c ON c.id = e.customer_id
WHERE e.status IN ('active', 'paused') AND coalesce(nullif(e.signer, ''), e.owner) = ?1
  AND NOT (c.merged_into IS NULL AND (c.owner = ?1 OR c.owner = '' OR instr(?2, ',' || c.owner || ',') > 0))
ORDER BY e.due_at, e.id;

-- name: web-enrollments-failed
-- Follow-ups stopped by a failed send, newest first: those in the viewer's
-- name, and those of the viewer's customers sent in a colleague's (the
-- desk's rule for queued, failed and uncertain sends, web-outbox's).
SELECT e.*, coalesce(c.key, '') AS customer_key
FROM enrollments e JOIN customers c ON c.id = e.customer_id
WHERE e.status = 'failed' AND (?2 = 1 OR coalesce(nullif(e.signer, ''), e.owner) = ?1
                               OR (c.owner = ?1 AND c.merged_into IS NULL))
ORDER BY e.updated_at DESC, e.id DESC;

-- name: web-outbox
-- Outbox items in the given statuses (',a,b,'), due before ?5, of the
-- viewer's customers or sent in the viewer's name (From, or a step of
-- their follow-up: the rule web-enrollment follows); a failed or uncertain
-- item a person has dealt with (settled) is left out.
SELECT o.* FROM outbox o JOIN customers c ON c.id = o.customer_id
WHERE instr(?4, ',' || o.status || ',') > 0 AND o.due_at < ?5 AND o.settled_at IS NULL
  AND (?3 = 1 OR c.owner = ?2 OR lower(o.from_email) = ?2
       OR EXISTS (SELECT 1 FROM enrollments e WHERE e.id = o.enrollment_id AND coalesce(nullif(e.signer, ''), e.owner) = ?2))
  AND (?1 = 0 OR o.customer_id = ?1)
ORDER BY o.due_at, o.id;

-- name: web-stale-drafts
-- Drafts keepwarm filed that nobody should send any more (ack-answered
-- listed them) but could not take out of Drafts: the server has no
-- UIDPLUS ('kept: ...'), or the draft there is not the bytes keepwarm filed
-- ('edited'), since ?3. Of the viewer's customers or in the viewer's name,
-- as web-outbox; one a person has dealt with (settled, dealt_at) is left
-- out. A draft that may be in Drafts (uncertain, or failed after its
-- APPEND lost the answer) is listed too: a follow-up step's was settled
-- when its follow-up ended, so only dealt_at says a person dealt with it.
SELECT o.* FROM outbox o JOIN customers c ON c.id = o.customer_id
JOIN ack_drafts a ON a.outbox_id = o.id
WHERE a.dealt_at IS NULL
  AND ((o.status = 'drafted' AND o.settled_at IS NULL)
       OR o.status = 'uncertain' OR (o.status = 'failed' AND o.append_lost = 1))
  AND (a.outcome = 'edited' OR a.outcome LIKE 'kept%') AND a.at >= ?3
  AND (?2 = 1 OR c.owner = ?1 OR lower(o.from_email) = ?1
       OR EXISTS (SELECT 1 FROM enrollments e WHERE e.id = o.enrollment_id AND coalesce(nullif(e.signer, ''), e.owner) = ?1))
ORDER BY o.id;

-- name: web-recipient-stopped
-- ?1 an outbox item. 1 when nobody should send it any more: its customer
-- or one of its To addresses asked for no more mail, or one of them
-- bounced (as ack-answered tells a greeting's or letter's draft to take out).
SELECT EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id AND c.opted_out_at IS NOT NULL)
    OR EXISTS (SELECT 1 FROM json_each(o.to_addrs) t
               WHERE EXISTS (SELECT 1 FROM opt_outs oo WHERE oo.email = lower(json_extract(t.value, '$.email')))
                  OR EXISTS (SELECT 1 FROM contacts ct WHERE ct.email = lower(json_extract(t.value, '$.email'))
                                                       AND ct.bounced_at IS NOT NULL))
FROM outbox o WHERE o.id = ?1;

-- name: web-outbox-item
-- An outbox item the viewer may skip or settle: as web-outbox lists them,
-- and a step from their mailbox signed as a colleague.
SELECT o.id, o.customer_id FROM outbox o JOIN customers c ON c.id = o.customer_id
WHERE o.id = ?1 AND (?3 = 1 OR c.owner = ?2 OR lower(o.from_email) = ?2
       OR EXISTS (SELECT 1 FROM enrollments e WHERE e.id = o.enrollment_id AND (e.owner = ?2 OR e.signer = ?2)));

-- name: web-contact
SELECT k.id, k.customer_id, k.email, k.salutation, k.language, coalesce(k.bounced_at, 0) AS bounced_at,
       EXISTS (SELECT 1 FROM opt_outs o WHERE o.email = k.email) AS opted_out,
       EXISTS (SELECT 1 FROM opt_outs o WHERE o.email = k.email AND o.message_id != 0) AS opt_out_asked
FROM contacts k JOIN customers c ON c.id = k.customer_id
WHERE k.id = ?1 AND c.merged_into IS NULL AND (?3 = 1 OR c.owner = ?2);

-- name: web-contact-set
UPDATE contacts SET salutation = ?2, language = ?3, bounced_at = ?4 WHERE id = ?1;

-- name: web-opt-in
DELETE FROM opt_outs WHERE email = ?;

-- name: web-opt-in-company
-- ?1 the address whose opt-out is cleared, ?2 its customer: the customer's
-- opt-out as a whole that the address's own mail recorded is undone too
-- (migration 0300's trigger forgets who asked).
UPDATE customers SET opted_out_at = NULL
WHERE id = ?2 AND opted_out_at IS NOT NULL AND opt_out_message != 0
  AND opt_out_message = (SELECT message_id FROM opt_outs WHERE email = ?1);

-- name: web-opted-out
-- asked: the opt-out came from the customer's own mail (not a person's tick).
SELECT k.email, o.message_id != 0 AS asked FROM contacts k JOIN opt_outs o ON o.email = k.email WHERE k.customer_id = ?;

-- name: web-outbox-skip
-- Only an item still waiting: one the dispatcher has claimed is left to it.
-- ended_at: when, as next_attempt_at may be a hold's later time.
UPDATE outbox SET status = 'skipped', last_error = ?, ended_at = ? WHERE id = ? AND status = 'queued';

-- name: web-waiting-older
-- The desk's waiting list, one page: the open reply clocks of the viewer
-- (?1 viewer, ?2 mgr: every owner's, ?3 the owners they cover for) whose
-- customer (the clock's, the message's own: as the nudges, the digest and
-- replies-waive-target have it, not its thread's, which may be another's
-- when a forwarder's Reply-all or a buyer's private address joined it) the
-- viewer may see, started before ?4 and before the key (?5 started_at, ?6 message id),
-- newest first, at most ?7. ?8 (Viewer.StandIn) adds the clocks in a
-- mailbox whose departed owner's customer it was, the customer still theirs. One row holds all a line of the desk shows;
-- thread_customer_id is the customer of the message's thread, whose page
-- shows the conversation (the clock's customer's page does not when its
-- mail joined another customer's thread).
SELECT rc.message_id, rc.thread_id, c.id AS customer_id, coalesce(nullif(c.name, ''), c.key) AS customer_name,
       coalesce((SELECT t.customer_id FROM threads t WHERE t.id = m.thread_id), 0) AS thread_customer_id,
       m.from_email AS contact, m.subject, m.snippet, m.text_pending, rc.owner, rc.mailbox, m.message_id AS header_id,
       rc.started_at, rc.target_seconds,
       CASE WHEN rc.nudge2_at IS NOT NULL THEN 2 WHEN rc.nudge1_at IS NOT NULL THEN 1 ELSE 0 END AS nudged
FROM reply_clocks rc
JOIN messages m ON m.id = rc.message_id
JOIN customers c ON c.id = rc.customer_id
WHERE rc.replied_at IS NULL AND rc.covered_by IS NULL AND rc.waived_at IS NULL AND rc.unseen_by IS NULL AND rc.started_at < ?4
  AND c.merged_into IS NULL
  AND ((?2 = 1 OR rc.owner = ?1 OR instr(?3, ',' || rc.owner || ',') > 0)
       AND (?2 = 1 OR c.owner = ?1 OR c.owner = '' OR instr(?3, ',' || c.owner || ',') > 0)
       OR (rc.owner = c.owner AND instr(?8, ',' || rc.mailbox || char(31) || c.owner || ',') > 0))
  AND (rc.started_at, rc.message_id) < (?5, ?6)
ORDER BY rc.started_at DESC, rc.message_id DESC
LIMIT ?7;

-- name: web-waiting-newer
-- As web-waiting-older, the clocks after the key, oldest first.
SELECT rc.message_id, rc.thread_id, c.id AS customer_id, coalesce(nullif(c.name, ''), c.key) AS customer_name,
       coalesce((SELECT t.customer_id FROM threads t WHERE t.id = m.thread_id), 0) AS thread_customer_id,
       m.from_email AS contact, m.subject, m.snippet, m.text_pending, rc.owner, rc.mailbox, m.message_id AS header_id,
       rc.started_at, rc.target_seconds,
       CASE WHEN rc.nudge2_at IS NOT NULL THEN 2 WHEN rc.nudge1_at IS NOT NULL THEN 1 ELSE 0 END AS nudged
FROM reply_clocks rc
JOIN messages m ON m.id = rc.message_id
JOIN customers c ON c.id = rc.customer_id
WHERE rc.replied_at IS NULL AND rc.covered_by IS NULL AND rc.waived_at IS NULL AND rc.unseen_by IS NULL AND rc.started_at < ?4
  AND c.merged_into IS NULL
  AND ((?2 = 1 OR rc.owner = ?1 OR instr(?3, ',' || rc.owner || ',') > 0)
       AND (?2 = 1 OR c.owner = ?1 OR c.owner = '' OR instr(?3, ',' || c.owner || ',') > 0)
       OR (rc.owner = c.owner AND instr(?8, ',' || rc.mailbox || char(31) || c.owner || ',') > 0))
  AND (rc.started_at, rc.message_id) > (?5, ?6)
ORDER BY rc.started_at, rc.message_id
LIMIT ?7;

-- name: web-waiting-count
-- The clocks web-waiting-older would list without a key or a limit: how
-- many, how many past their target at ?5, how many after the page's newest
-- (?6, ?7) and before its oldest (?8, ?9); ?10 Viewer.StandIn.
SELECT count(*) AS total,
       coalesce(sum(?5 - rc.started_at > rc.target_seconds), 0) AS late,
       coalesce(sum((rc.started_at, rc.message_id) > (?6, ?7)), 0) AS newer,
       coalesce(sum((rc.started_at, rc.message_id) < (?8, ?9)), 0) AS older
FROM reply_clocks rc
JOIN messages m ON m.id = rc.message_id
JOIN customers c ON c.id = rc.customer_id
WHERE rc.replied_at IS NULL AND rc.covered_by IS NULL AND rc.waived_at IS NULL AND rc.unseen_by IS NULL AND rc.started_at < ?4
  AND c.merged_into IS NULL
  AND ((?2 = 1 OR rc.owner = ?1 OR instr(?3, ',' || rc.owner || ',') > 0)
       AND (?2 = 1 OR c.owner = ?1 OR c.owner = '' OR instr(?3, ',' || c.owner || ',') > 0)
       OR (rc.owner = c.owner AND instr(?10, ',' || rc.mailbox || char(31) || c.owner || ',') > 0));

-- name: web-waiting-late-before
-- Of the clocks web-waiting-count counts, the newest past its target at ?5
-- that comes before the key (?6, ?7): where the desk's late link leads.
SELECT rc.started_at, rc.message_id
FROM reply_clocks rc
JOIN messages m ON m.id = rc.message_id
JOIN customers c ON c.id = rc.customer_id
WHERE rc.replied_at IS NULL AND rc.covered_by IS NULL AND rc.waived_at IS NULL AND rc.unseen_by IS NULL AND rc.started_at < ?4
  AND c.merged_into IS NULL
  AND ((?2 = 1 OR rc.owner = ?1 OR instr(?3, ',' || rc.owner || ',') > 0)
       AND (?2 = 1 OR c.owner = ?1 OR c.owner = '' OR instr(?3, ',' || c.owner || ',') > 0)
       OR (rc.owner = c.owner AND instr(?8, ',' || rc.mailbox || char(31) || c.owner || ',') > 0))
  AND ?5 - rc.started_at > rc.target_seconds AND (rc.started_at, rc.message_id) < (?6, ?7)
ORDER BY rc.started_at DESC, rc.message_id DESC
LIMIT 1;

-- name: web-waiting-late-after
-- As web-waiting-late-before, the oldest late clock after the key.
SELECT rc.started_at, rc.message_id
FROM reply_clocks rc
JOIN messages m ON m.id = rc.message_id
JOIN customers c ON c.id = rc.customer_id
WHERE rc.replied_at IS NULL AND rc.covered_by IS NULL AND rc.waived_at IS NULL AND rc.unseen_by IS NULL AND rc.started_at < ?4
  AND c.merged_into IS NULL
  AND ((?2 = 1 OR rc.owner = ?1 OR instr(?3, ',' || rc.owner || ',') > 0)
       AND (?2 = 1 OR c.owner = ?1 OR c.owner = '' OR instr(?3, ',' || c.owner || ',') > 0)
       OR (rc.owner = c.owner AND instr(?8, ',' || rc.mailbox || char(31) || c.owner || ',') > 0))
  AND ?5 - rc.started_at > rc.target_seconds AND (rc.started_at, rc.message_id) > (?6, ?7)
ORDER BY rc.started_at, rc.message_id
LIMIT 1;

-- name: web-login-prune
-- ?1 the cut: sign-in links that expired before it (used or not).
DELETE FROM web_login_tokens WHERE expires_at < ?1;

-- name: web-session-prune
-- ?1 the cut: sessions that expired, or were ended, before it.
DELETE FROM web_sessions WHERE expires_at < ?1 OR revoked_at < ?1;

-- name: web-book-owners
-- The owners of live customers, as the book spells them: few, read from
-- customers_owner alone. The web finds among them those not on the team
-- before it asks web-stand-in-owners, usually nobody.
SELECT DISTINCT owner FROM customers WHERE merged_into IS NULL AND owner > '' ORDER BY 1;

-- name: web-stand-in-owners
-- ?1: mailboxes, ?2: owners not on the team (who left before their
-- customers were handed on), as the book spells them (JSON arrays). Those
-- owners' customers whose mail reached one of those mailboxes, with the
-- mailbox and the owner lower-cased: the reply nudges of that mail go to
-- the mailbox's owner, who may open, list and mark that mail
-- (Viewer.StandIn), no other of theirs. Only those owners' customers are
-- read (customers_owner), not the book's.
SELECT DISTINCT rc.mailbox, lower(c.owner) AS owner FROM customers c
JOIN reply_clocks rc ON rc.customer_id = c.id AND rc.mailbox IN (SELECT value FROM json_each(?1))
WHERE c.merged_into IS NULL AND c.owner IN (SELECT value FROM json_each(?2))
ORDER BY 1, 2;

-- name: web-key-insert
-- A server key ?1 made now, unless one is kept already.
INSERT INTO web_keys (name, key) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING;

-- name: web-key-get
SELECT key FROM web_keys WHERE name = ?1;
