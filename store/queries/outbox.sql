-- name: outbox-insert
INSERT INTO outbox (key, message_id, mailbox, from_name, from_email, to_addrs, cc_addrs,
    subject, text_body, html_body, in_reply_to, refs, mode, status, attempts,
    next_attempt_at, last_error, customer_id, thread_id, origin, sequence, step,
    enrollment_id, due_at, created_at, chat, anchor_id, step_name, step_nth, time_zone)
VALUES (:key, :message_id, :mailbox, :from_name, :from_email, :to_addrs, :cc_addrs,
    :subject, :text_body, :html_body, :in_reply_to, :refs, :mode, :status, 0,
    :next_attempt_at, '', :customer_id, :thread_id, :origin, :sequence, :step,
    :enrollment_id, :due_at, :created_at, :chat, :anchor_id, :step_name, :step_nth, :time_zone)
ON CONFLICT (key) DO NOTHING;

-- name: outbox-by-key
SELECT * FROM outbox WHERE key = ?;

-- name: outbox-by-id
SELECT * FROM outbox WHERE id = ?;

-- name: outbox-due-ids
SELECT id FROM outbox
WHERE status = 'queued' AND next_attempt_at <= ? AND (? = '' OR mailbox = ?)
ORDER BY next_attempt_at, id
LIMIT ?;

-- name: outbox-claim
UPDATE outbox SET status = 'sending', attempts = attempts + 1, attempted_at = ?
WHERE id = ? AND status = 'queued';

-- name: outbox-settle-stored-copy
-- A queued item whose mail is stored already (its copy synced from Sent
-- under its Message-ID; Drafts is never synced, so a draft's copy is there
-- once the salesperson sent it) went out before: a backup taken while it
-- was queued was restored since. Recorded as sent (drafted), at the copy's
-- date.
UPDATE outbox SET status = CASE mode WHEN 'draft' THEN 'drafted' ELSE 'sent' END,
    sent_at = (SELECT coalesce(m.date, m.received_at) FROM messages m WHERE m.key = outbox.message_id),
    appended_at = ?, last_error = ''
WHERE id = ? AND status = 'queued' AND mode != 'dry-run'
  AND EXISTS (SELECT 1 FROM messages m WHERE m.key = outbox.message_id);

-- name: outbox-mark-sent
UPDATE outbox SET status = 'sent', sent_at = ?, last_error = ''
WHERE id = ? AND status = 'sending';

-- name: outbox-mark-failed
-- ended_at: ? the store's clock (now), or when NULL (a store without one)
-- the latest time the item tells (see outbox-ended-unsent).
UPDATE outbox SET status = 'failed', last_error = ?, refused_recipients = 0,
    ended_at = coalesce(?, max(created_at, next_attempt_at, coalesce(attempted_at, 0)))
WHERE id = ? AND status = 'sending';

-- name: outbox-mark-failed-refused
-- Failed because the server refused recipients (addresses that do not exist).
UPDATE outbox SET status = 'failed', last_error = ?, refused_recipients = 1,
    ended_at = coalesce(?, max(created_at, next_attempt_at, coalesce(attempted_at, 0)))
WHERE id = ? AND status = 'sending';

-- name: outbox-mark-retry
UPDATE outbox SET status = 'queued', next_attempt_at = ?, last_error = ?
WHERE id = ? AND status = 'sending';

-- name: outbox-mark-retry-append-lost
-- append_lost_at keeps the claim of the first attempt whose APPEND lost its
-- answer: a later one's claim (attempted_at) is days after it when the
-- draft was held between.
UPDATE outbox SET status = 'queued', next_attempt_at = ?, last_error = ?, append_lost = 1,
    append_lost_at = coalesce(append_lost_at, attempted_at)
WHERE id = ? AND status = 'sending';

-- name: outbox-mark-uncertain
UPDATE outbox SET status = 'uncertain', last_error = ?,
    ended_at = coalesce(?, max(created_at, next_attempt_at, coalesce(attempted_at, 0)))
WHERE id = ? AND status = 'sending';

-- name: outbox-mark-drafted
UPDATE outbox SET status = 'drafted', sent_at = ?, appended_at = ?, last_error = '', append_lost = 0,
    append_lost_at = NULL
WHERE id = ? AND status = 'sending';

-- name: outbox-hold
-- A queued item the pre-send check keeps queued until ?1 (no attempt counted).
UPDATE outbox SET next_attempt_at = ?1, last_error = ?2
WHERE id = ?3 AND status = 'queued';

-- name: outbox-unclaim
-- A claimed item put back in the queue until ?1 for its mailbox's sake (no
-- Drafts folder, a sending limit): the attempt its claim counted is taken
-- back, so such waits never use up the item's own attempts.
UPDATE outbox SET status = 'queued', attempts = MAX(attempts - 1, 0), next_attempt_at = ?1, last_error = ?2
WHERE id = ?3 AND status = 'sending';

-- name: outbox-delete-empty-record
-- A digest's or summary's "found empty at its time" record (a dry-run item
-- under its key), replaced when a person asks for it by hand.
DELETE FROM outbox WHERE key = ? AND mode = 'dry-run' AND status IN ('queued', 'skipped');

-- name: outbox-set-aside-failed
-- An item under the key that failed for good (refused for good, or out of
-- attempts: it reached nobody), kept in the outbox under the key with
-- ":failed:<id>" added, so that a summary asked for again by hand takes the
-- key in its place.
UPDATE outbox SET key = key || ':failed:' || id WHERE key = ? AND mode <> 'dry-run' AND status = 'failed';

-- name: outbox-mark-skipped
UPDATE outbox SET status = 'skipped', last_error = ?,
    ended_at = coalesce(?, max(created_at, next_attempt_at, coalesce(attempted_at, 0)))
WHERE id = ? AND status IN ('queued', 'sending');

-- name: outbox-narrow
-- A queued item's recipients (To ?1, Cc ?2), fewer after the pre-send
-- check dropped some.
UPDATE outbox SET to_addrs = ?1, cc_addrs = ?2
WHERE id = ?3 AND status = 'queued';

-- name: outbox-narrow-chat
-- A queued chat item's readers (To ?1) and note (?2), fewer after the
-- manager's copy by mail reached some of them.
UPDATE outbox SET to_addrs = ?1, chat = ?2
WHERE id = ?3 AND status = 'queued' AND chat != '';

-- name: outbox-rehead-queued
-- A queued mail's text (?1): the mail instead of a chat post that then
-- ended uncertain says the post may have arrived.
UPDATE outbox SET text_body = ?1
WHERE id = ?2 AND status = 'queued' AND chat = '';

-- name: outbox-mark-appended
-- The note that its copy was not filed yet (outbox-copy-unfiled) goes,
-- and only it: a note before it ("arrived, as ... learnt") stays.
UPDATE outbox SET appended_at = ?1,
  last_error = CASE
    WHEN substr(last_error, 1, 31) = 'its copy is not filed in Sent: ' THEN ''
    WHEN instr(last_error, '; its copy is not filed in Sent: ') > 0
      THEN substr(last_error, 1, instr(last_error, '; its copy is not filed in Sent: ') - 1)
    ELSE last_error END
WHERE id = ?2 AND status = 'sent' AND appended_at IS NULL;

-- name: outbox-copy-unfiled
-- ?1 the note, ?2 id, ?3 when the copy is tried again. A sent item whose
-- copy the server did not take yet: the server's answer stays on it (kept
-- for `keepwarm check` and a restart) until it is filed or given up. A
-- note on it already ("arrived, as ... learnt from the recipient") stays
-- before it, after "; ". Its next_attempt_at, of no use to a sent item
-- otherwise, is its copy's next try: a fresh dispatcher (a restart,
-- `keepwarm tick`) does not log in before it.
UPDATE outbox SET next_attempt_at = ?3, last_error = CASE
    WHEN last_error = '' OR substr(last_error, 1, 31) = 'its copy is not filed in Sent: ' THEN ?1
    WHEN instr(last_error, '; its copy is not filed in Sent: ') > 0
      THEN substr(last_error, 1, instr(last_error, '; its copy is not filed in Sent: ') - 1) || '; ' || ?1
    ELSE last_error || '; ' || ?1 END
WHERE id = ?2 AND status = 'sent' AND appended_at IS NULL;

-- name: outbox-copy-given-up
-- ?1 now, ?2 the note, ?3 id. A sent item whose copy the server refused
-- for good (too large, not parsable): no copy is tried again, and the note
-- says why its copy is missing from Sent, after a note on it already
-- ("arrived, as ... learnt"), which stays; the not-filed-yet note goes.
UPDATE outbox SET appended_at = ?1, last_error = CASE
    WHEN last_error = '' OR substr(last_error, 1, 31) = 'its copy is not filed in Sent: ' THEN ?2
    WHEN instr(last_error, '; its copy is not filed in Sent: ') > 0
      THEN substr(last_error, 1, instr(last_error, '; its copy is not filed in Sent: ') - 1) || '; ' || ?2
    ELSE last_error || '; ' || ?2 END
WHERE id = ?3 AND status = 'sent' AND appended_at IS NULL;

-- name: outbox-arrived
-- ?1 note, ?2 id. A person says an uncertain send reached the recipient:
-- it counts as sent when it was attempted, and its copy is filed in Sent
-- as any sent item's (the interrupted send never filed one). An uncertain
-- draft (a crash while filing it) the person found in Drafts, or sent
-- herself, counts as drafted: it never went through SMTP, and there is no
-- copy to file. An item dealt with already (settled: a step sent again, or
-- one a person marked dealt with) is left as it is: its redo may be in
-- Sent already. A draft whose APPEND lost its answer was filed by that
-- attempt (append_lost_at), not by the later one that found it uncertain
-- (attempted_at): dated so, her copy sent from Drafts meanwhile is matched
-- to it (seq-sent-draft-copies), not taken for a mail of her own. Such a
-- draft given up as failed (before such drafts were given up as uncertain,
-- or refused by the server since) may be in Drafts just the same.
UPDATE outbox SET status = CASE WHEN mode = 'draft' THEN 'drafted' ELSE 'sent' END,
       sent_at = coalesce(append_lost_at, attempted_at, next_attempt_at),
       appended_at = CASE WHEN mode = 'draft' THEN coalesce(append_lost_at, attempted_at, next_attempt_at) ELSE appended_at END,
       last_error = ?1
WHERE id = ?2 AND settled_at IS NULL
  AND (status = 'uncertain' OR (status = 'failed' AND mode = 'draft' AND append_lost = 1));

-- name: outbox-settle
-- ?1 now, ?2 how, ?3 id. A failed or uncertain item a person dealt with,
-- or a draft keepwarm could not take out of Drafts (web-stale-drafts).
UPDATE outbox SET settled_at = ?1, settled = ?2
WHERE id = ?3 AND status IN ('failed', 'uncertain', 'drafted') AND settled_at IS NULL;

-- name: outbox-stuck-sending
-- Mail only: chat items have their own rule (outbox-stuck-chat).
SELECT * FROM outbox WHERE status = 'sending' AND chat = '' ORDER BY id;

-- name: outbox-stuck-chat
SELECT * FROM outbox WHERE status = 'sending' AND chat != '' ORDER BY id;

-- name: outbox-chat-posts-since
-- ?1 the channel's mailbox, ?2 since. One row per post, each try of a
-- retried item included.
SELECT at FROM chat_posts
WHERE mailbox = ?1 AND at >= ?2
ORDER BY at;

-- name: outbox-chat-robot-posts
-- ?1 the channels' mailboxes (a JSON array), ?2 since, ?3 until. One row
-- per post under any of them, each try of a retried item and each of
-- check's tests included.
SELECT at FROM chat_posts
WHERE mailbox IN (SELECT value FROM json_each(?1)) AND at >= ?2 AND at <= ?3
ORDER BY at;

-- name: chat-post-add
-- ?1 the channel's mailbox, ?2 when its nudges were claimed for one post.
INSERT INTO chat_posts (mailbox, at) VALUES (?1, ?2);

-- name: chat-posts-prune
-- ?1 the channel's mailbox, ?2 before: no rate window looks back so far.
DELETE FROM chat_posts WHERE mailbox = ?1 AND at < ?2;

-- name: outbox-chat-undelivered
SELECT count(*) FROM outbox
WHERE chat != '' AND status IN ('failed', 'uncertain') AND created_at >= ?;

-- name: outbox-chat-due
-- ?1 now, ?2 the channel's mailbox ('chat:<name>'), ?3 limit. Due chat items, oldest first.
SELECT * FROM outbox
WHERE status = 'queued' AND next_attempt_at <= ?1 AND mailbox = ?2
ORDER BY next_attempt_at, id
LIMIT ?3;

-- name: outbox-pending-append
SELECT * FROM outbox
WHERE status = 'sent' AND mode = 'send' AND appended_at IS NULL AND chat = ''
ORDER BY id;

-- name: outbox-next-due
SELECT min(next_attempt_at) FROM outbox WHERE status = 'queued' AND (? = '' OR mailbox = ?);

-- name: outbox-sent-count
-- Attempts that may have reached the server count against the cap, whether
-- they ended sent, uncertain or are still in flight.
SELECT count(*) FROM outbox
WHERE mailbox = ? AND mode = 'send' AND status IN ('sending', 'sent', 'uncertain')
  AND attempted_at >= ? AND attempted_at < ?;

-- name: outbox-last-sent-at
SELECT max(attempted_at) FROM outbox
WHERE mailbox = ? AND mode = 'send' AND status IN ('sending', 'sent', 'uncertain');

-- name: outbox-ended-unsent
-- ?1 since, ?2 until. The greetings and letters (key and due time only,
-- no bodies) that ended unsent (skipped, failed, uncertain) in
-- [since, until) and were due before since, not dry-run records: read
-- through outbox_ended (0532), only those that ended in the period.
SELECT key, due_at FROM outbox INDEXED BY outbox_ended
WHERE ended_at >= ?1 AND ended_at < ?2
  AND origin IN ('greeting', 'letter') AND status IN ('skipped', 'failed', 'uncertain')
  AND mode != 'dry-run' AND due_at < ?1
ORDER BY ended_at, id;

-- name: outbox-list
-- The second argument of each pair repeats the first: '' / 0 means "any".
-- statuses is ',queued,sent,' style; limit -1 means none.
SELECT * FROM outbox
WHERE (? = '' OR mailbox = ?)
  AND (? = '' OR instr(?, ',' || status || ',') > 0)
  AND (? = 0 OR customer_id = ?)
  AND (? = '' OR origin = ?)
ORDER BY id
LIMIT ?;

-- name: outbox-sent-between
-- ?1 origin, ?2 and ?3 the period [since, until). Items of the origin sent
-- or placed in Drafts in the period, in that order.
SELECT * FROM outbox
WHERE origin = ?1 AND status IN ('sent', 'drafted') AND sent_at >= ?2 AND sent_at < ?3
ORDER BY sent_at, id;

-- name: outbox-due-one
-- ?1 now, ?2 mailbox ('' : any). The next due queued item, not claimed.
SELECT * FROM outbox
WHERE status = 'queued' AND next_attempt_at <= ?1 AND (?2 = '' OR mailbox = ?2)
ORDER BY next_attempt_at, id
LIMIT 1;

-- name: outbox-last-step-item
-- ?1 enrollment, ?2 a step. The latest item of an earlier step.
SELECT * FROM outbox
WHERE enrollment_id = ?1 AND step < ?2
ORDER BY step DESC, id DESC
LIMIT 1;

-- name: outbox-step-items-named
-- ?1 enrollment, ?2 a step's name (step_name). Its steps' items of that
-- name, whatever their status, the newest first: whatever index they
-- were queued at, which an edit of the sequence since may have moved.
SELECT * FROM outbox
WHERE enrollment_id = ?1 AND step_name = ?2 AND step IS NOT NULL
ORDER BY id DESC;

-- name: outbox-queued-steps
-- ?1 enrollment. Its steps' items still queued, the oldest first.
SELECT * FROM outbox
WHERE enrollment_id = ?1 AND status = 'queued' AND step IS NOT NULL
ORDER BY id;

-- name: outbox-flag-bounced
-- ?1 now, ?2 JSON array of lower-cased addresses.
UPDATE contacts SET bounced_at = ?1
WHERE email IN (SELECT value FROM json_each(?2)) AND bounced_at IS NULL;

-- name: outbox-set-last-error
UPDATE outbox SET last_error = ? WHERE id = ?;

-- name: outbox-automated-since
-- ?1 JSON array of lower-cased addresses, ?2 the earliest instant. Mail
-- keepwarm wrote in a salesperson's name (sequences, greetings, letters)
-- to each address (in To or Cc) that went out or may still go out, by
-- when it went (or was queued). A dry run's items reach nobody and count
-- for nothing, also in the moment before the send records them skipped.
SELECT lower(json_extract(t.value, '$.email')) AS email, coalesce(o.sent_at, o.created_at) AS at
FROM outbox o, json_each(json_array(json(o.to_addrs), json(o.cc_addrs))) l, json_each(l.value) t
WHERE o.origin IN ('sequence', 'greeting', 'letter')
  AND o.status IN ('queued', 'sending', 'sent', 'uncertain', 'drafted')
  AND o.mode <> 'dry-run'
  AND coalesce(o.sent_at, o.created_at) >= ?2
  AND lower(json_extract(t.value, '$.email')) IN (SELECT value FROM json_each(?1))
ORDER BY at;

-- name: outbox-automated-waiting
-- ?1 JSON array of lower-cased addresses, ?2 an instant. Mail keepwarm
-- wrote in a salesperson's name (sequences, greetings, letters) to each
-- address (in To or Cc) queued before ?2 and not gone yet (held, or
-- waiting for its mailbox's daily cap or send gap), by when it was queued.
-- A letter whose customer has a follow-up running is left out: the last
-- look holds it until the follow-up ends (or its month does), so it is not
-- going while the follow-up's steps are.
SELECT lower(json_extract(t.value, '$.email')) AS email, o.created_at AS at
FROM outbox o, json_each(json_array(json(o.to_addrs), json(o.cc_addrs))) l, json_each(l.value) t
WHERE o.status IN ('queued', 'sending')
  AND o.origin IN ('sequence', 'greeting', 'letter')
  AND o.mode <> 'dry-run'
  AND o.created_at < ?2
  AND NOT (o.origin = 'letter' AND o.status = 'queued' AND o.customer_id IS NOT NULL
           AND EXISTS (SELECT 1 FROM enrollments e
                       WHERE e.customer_id = o.customer_id AND e.status IN ('active', 'paused')))
  AND lower(json_extract(t.value, '$.email')) IN (SELECT value FROM json_each(?1))
ORDER BY at;

-- name: outbox-letters-queued-since
-- ?1 mailbox, ?2 the earliest instant. Monthly letters of the mailbox
-- queued since ?2 that went out or may still go out.
SELECT count(*) FROM outbox
WHERE mailbox = ?1 AND origin = 'letter'
  AND status IN ('queued', 'sending', 'sent', 'uncertain', 'drafted')
  AND created_at >= ?2;

-- name: outbox-failing-senders
-- ?1 since. Per sending mailbox ('notify', 'chat:<name>', a salesperson's),
-- the items that failed for good since ?1 and after its latest send that
-- went: how many, when the latest was tried, and its error. A salesperson's
-- mail whose recipients were refused says nothing about the mailbox (an
-- address that does not exist) and is left out; a refusal at RCPT of the
-- sender, the relay or the sending IP counts. The notify sender writes to
-- the team, where a refused recipient is a mistake in the configuration,
-- and counts it.
SELECT o.mailbox, count(*) AS failed, max(o.attempted_at) AS last_at,
       (SELECT f.last_error FROM outbox f
        WHERE f.mailbox = o.mailbox AND f.status = 'failed' AND f.attempted_at IS NOT NULL
          AND (f.mailbox = 'notify' OR f.mailbox LIKE 'chat:%' OR f.refused_recipients = 0)
        ORDER BY f.attempted_at DESC, f.id DESC LIMIT 1) AS last_error
FROM outbox o
WHERE o.status = 'failed' AND o.attempted_at >= ?1
  AND (o.mailbox = 'notify' OR o.mailbox LIKE 'chat:%' OR o.refused_recipients = 0)
  AND o.attempted_at > coalesce((SELECT max(s.attempted_at) FROM outbox s
                                 WHERE s.mailbox = o.mailbox AND s.status = 'sent'), 0)
GROUP BY o.mailbox
ORDER BY o.mailbox;

-- name: outbox-queued-mailboxes
SELECT DISTINCT mailbox FROM outbox WHERE status = 'queued' ORDER BY mailbox;

-- name: outbox-fail-queued
-- ?1 mailbox, ?2 the reason, ?3 now (as outbox-mark-failed's ended_at).
-- Everything still queued there.
UPDATE outbox SET status = 'failed', last_error = ?2,
    ended_at = coalesce(?3, max(created_at, next_attempt_at, coalesce(attempted_at, 0)))
WHERE status = 'queued' AND mailbox = ?1;

-- name: outbox-chat-pull-forward
-- ?1 the channel's mailbox, ?2 now. Its items waiting out a retry's
-- backoff fall due now: the channel posts again.
UPDATE outbox SET next_attempt_at = ?2
WHERE mailbox = ?1 AND status = 'queued' AND attempts > 0 AND next_attempt_at > ?2;

-- name: outbox-chat-release-held
-- ?1 the channel's mailbox, ?2 now. Its items the last look before posting
-- held ("held: ...") fall due now, to be looked at again: what held them
-- (their mail instead being sent) can end at any moment.
UPDATE outbox SET next_attempt_at = ?2
WHERE mailbox = ?1 AND status = 'queued' AND next_attempt_at > ?2
  AND substr(last_error, 1, 6) = 'held: ';

-- name: outbox-missing-copies
-- ?1 sent before. Per mailbox, mail sent before ?1 whose copy is not in
-- Sent yet (a server that files its own copy is marked at once): how
-- many, and when the oldest went.
SELECT mailbox, count(*) AS n, min(sent_at) AS oldest
FROM outbox
WHERE status = 'sent' AND mode = 'send' AND appended_at IS NULL AND chat = '' AND sent_at < ?1
GROUP BY mailbox
ORDER BY mailbox;

-- name: outbox-chat-retrying
-- ?1 due before. Per chat channel, its nudges due before ?1 that it
-- refused for now and that wait to be tried again: how many, the oldest's
-- due time and the answer it last got. One held by keepwarm (its mail
-- instead being sent, last_error "held: …") waits for keepwarm, not for
-- the channel: left out.
SELECT mailbox, count(*) AS n, min(due_at) AS oldest, last_error
FROM outbox
WHERE status = 'queued' AND chat != '' AND attempts > 0 AND due_at < ?1
  AND substr(last_error, 1, 6) != 'held: '
GROUP BY mailbox
ORDER BY mailbox;

-- name: outbox-long-sending
-- ?1 claimed before. Mail in `sending` claimed before ?1: how many, and
-- the oldest claim.
SELECT count(*) AS n, coalesce(min(attempted_at), 0) AS oldest
FROM outbox
WHERE status = 'sending' AND chat = '' AND attempted_at < ?1;

-- name: chat-block-get
-- ?1 the channel's mailbox: the block and budget a post to it left, and
-- the robot it was posting to.
SELECT blocked_until, reason, budget, robot, budget_since FROM chat_blocks WHERE mailbox = ?1;

-- name: chat-block-set
-- ?1 the channel's mailbox, ?2 blocked until (unix seconds), ?3 the
-- platform's words, ?4 the budget in bytes, ?5 the robot's fingerprint,
-- ?6 the budget set at (unix seconds).
INSERT INTO chat_blocks (mailbox, blocked_until, reason, budget, robot, budget_since) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
ON CONFLICT (mailbox) DO UPDATE SET blocked_until = ?2, reason = ?3, budget = ?4, robot = ?5, budget_since = ?6;

-- name: outbox-hold-due
-- ?1 the reason, ?2 now, ?3 mailbox. Its queued items due at now keep
-- waiting, still due, with the reason on them (the mailbox's first sync).
UPDATE outbox SET last_error = ?1
WHERE status = 'queued' AND next_attempt_at <= ?2 AND mailbox = ?3;

-- name: outbox-supersede-queued
-- The items under the keys of a JSON array (?2) still queued to be sent,
-- with no attempt under way: skipped with reason ?1 (a newer digest took
-- their place); their keys are returned.
UPDATE outbox SET status = 'skipped', last_error = ?1,
    ended_at = coalesce(?3, max(created_at, next_attempt_at, coalesce(attempted_at, 0)))
WHERE key IN (SELECT value FROM json_each(?2)) AND mode = 'send' AND status = 'queued'
RETURNING key;

-- name: outbox-release-held
-- ?1 the start of a hold's reason, ?2 now. Queued items held with it are
-- due now: what held them (follow-ups off until the files are fixed and
-- keepwarm run restarted) is over.
UPDATE outbox SET next_attempt_at = ?2
WHERE status = 'queued' AND next_attempt_at > ?2
  AND substr(last_error, 1, length(?1)) = ?1;

-- name: outbox-hold-due-copies
-- ?1 the reason, ?2 until, ?3 now, ?4 mailbox. Its queued mail to
-- customers due at now waits until ?2 (no attempt counted): a copy it sent
-- before is not filed in Sent yet. Mail to the team (keepwarm.ToTeam) and
-- drafts go on.
UPDATE outbox SET next_attempt_at = ?2, last_error = ?1
WHERE status = 'queued' AND next_attempt_at <= ?3 AND mailbox = ?4 AND mode = 'send'
  AND origin NOT IN ('nudge', 'digest', 'summary', 'signin');

-- name: outbox-release-held-in
-- outbox-release-held for the items of one mailbox (?3) only: its copies
-- are filed.
UPDATE outbox SET next_attempt_at = ?2
WHERE status = 'queued' AND next_attempt_at > ?2 AND mailbox = ?3
  AND substr(last_error, 1, length(?1)) = ?1;

-- name: outbox-held-until-in
-- When mailbox ?2's items held with a reason beginning with ?1 are due
-- again, the latest: a fresh dispatcher (a restart, `keepwarm tick`)
-- takes the copy hold up from there.
SELECT max(next_attempt_at) FROM outbox
WHERE status = 'queued' AND mailbox = ?2 AND substr(last_error, 1, length(?1)) = ?1;

-- name: outbox-release-held-of
-- outbox-release-held for the items of one enrollment (?3) only: a person
-- resumed it.
UPDATE outbox SET next_attempt_at = ?2
WHERE status = 'queued' AND next_attempt_at > ?2 AND enrollment_id = ?3
  AND substr(last_error, 1, length(?1)) = ?1;
