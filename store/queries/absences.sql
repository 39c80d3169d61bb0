-- Absences: the desk's, the auto-replies', the nudges a backup received.

-- name: absences-add
INSERT INTO absences (person, backup, from_at, until_at, note, created_by, created_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);

-- name: absences-same
-- The absence not cancelled entered as ?1..?5 (person, backup, from, until,
-- note) already: a form sent twice enters it once.
SELECT id, person, backup, from_at, until_at, note FROM absences
WHERE cancelled_at IS NULL AND person = ?1 AND backup = ?2 AND from_at = ?3 AND until_at = ?4 AND note = ?5
ORDER BY id LIMIT 1;

-- name: absences-cancel
UPDATE absences SET cancelled_at = ?2, cancelled_by = ?3
WHERE id = ?1 AND cancelled_at IS NULL;

-- name: absences-get
SELECT id, person, backup, from_at, until_at, note FROM absences WHERE id = ?1 AND cancelled_at IS NULL;

-- name: absences-desk
-- ?1: now. Desk absences not cancelled and not over.
SELECT id, person, backup, from_at, until_at, note FROM absences
WHERE cancelled_at IS NULL AND until_at > ?1
ORDER BY from_at, id;

-- name: absences-auto-replies
-- ?1: the earliest auto-reply without a return date still ahead to
-- consider; ?2: now (one naming a return date after it counts however long
-- ago it was sent: the bound is for replies without one; a day earlier, as
-- the date is stored as the midnight of the reply's Date offset and is the
-- person's own day, up to a day later west of it: the caller drops what is
-- over in their zone); ?3: the team's
-- addresses (a JSON array, lower-case). Every automatic answer the team
-- sent: filed in a Sent folder or from a team address, with its return
-- date and its own text (the caller keeps those that read as an absence,
-- not a standing "we have received your message").
SELECT from_email, mailbox, folder_role, received_at AS at,
       coalesce(auto_reply_until, 0) AS until_at, snippet
FROM messages
WHERE kind = 'auto_reply' AND from_email != ''
  AND (received_at >= ?1 OR coalesce(auto_reply_until, 0) > ?2 - 86400)
  AND (folder_role = 'sent' OR lower(from_email) IN (SELECT value FROM json_each(?3)))
ORDER BY received_at, id;

-- The team's normal mail around an out-of-office reply: ?1 since, ?2 the
-- reply's instant, ?3 the name it must go out under ('' any). A follow-up
-- step, greeting or letter keepwarm sent in their name (filed in their
-- Sent) is no sign they are back. Each finds one row from ?2 outward.

-- name: absences-own-mail-from-before
-- ?4: the sender address (lower-case).
SELECT o.received_at FROM messages o
WHERE o.kind = 'outbound' AND o.from_email = ?4 AND o.received_at > ?1 AND o.received_at < ?2
  AND (?3 = '' OR trim(o.from_name) = ?3 COLLATE NOCASE)
  AND NOT EXISTS (SELECT 1 FROM outbox x WHERE x.message_id = o.message_id
                  AND x.origin IN ('sequence', 'greeting', 'letter'))
ORDER BY o.received_at DESC LIMIT 1;

-- name: absences-own-mail-from-after
SELECT o.received_at FROM messages o
WHERE o.kind = 'outbound' AND o.from_email = ?4 AND o.received_at > ?2 AND ?1 <= ?2
  AND (?3 = '' OR trim(o.from_name) = ?3 COLLATE NOCASE)
  AND NOT EXISTS (SELECT 1 FROM outbox x WHERE x.message_id = o.message_id
                  AND x.origin IN ('sequence', 'greeting', 'letter'))
ORDER BY o.received_at LIMIT 1;

-- name: absences-own-mail-sent-before
-- ?4: a mailbox, ?5: the team's addresses (a JSON array, lower-case): mail
-- in its Sent from an address that is nobody's on the team.
SELECT o.received_at FROM messages o
WHERE o.kind = 'outbound' AND o.folder_role = 'sent' AND o.mailbox = ?4 AND o.received_at > ?1 AND o.received_at < ?2
  AND o.from_email != '' AND o.from_email NOT IN (SELECT value FROM json_each(?5))
  AND (?3 = '' OR trim(o.from_name) = ?3 COLLATE NOCASE)
  AND NOT EXISTS (SELECT 1 FROM outbox x WHERE x.message_id = o.message_id
                  AND x.origin IN ('sequence', 'greeting', 'letter'))
ORDER BY o.received_at DESC LIMIT 1;

-- name: absences-own-mail-sent-after
SELECT o.received_at FROM messages o
WHERE o.kind = 'outbound' AND o.folder_role = 'sent' AND o.mailbox = ?4 AND o.received_at > ?2 AND ?1 <= ?2
  AND o.from_email != '' AND o.from_email NOT IN (SELECT value FROM json_each(?5))
  AND (?3 = '' OR trim(o.from_name) = ?3 COLLATE NOCASE)
  AND NOT EXISTS (SELECT 1 FROM outbox x WHERE x.message_id = o.message_id
                  AND x.origin IN ('sequence', 'greeting', 'letter'))
ORDER BY o.received_at LIMIT 1;

-- name: absences-cover
INSERT OR IGNORE INTO absence_covers (message_id, level, person, backup, source, at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6);

-- name: absences-covers-between
-- What each backup received for an absent colleague in [?1, ?2), with how
-- the message was answered (answered_unseen: by mail keepwarm never saw),
-- or who marked it "no answer needed".
SELECT c.backup, c.person, c.message_id, max(c.level) AS level, min(c.at) AS at,
       coalesce(nullif(cu.name, ''), cu.key, '') AS customer, coalesce(m.subject, '') AS subject,
       coalesce(r.replied_by, '') AS replied_by, coalesce(r.replied_at, 0) AS replied_at,
       coalesce(w.waived_by, '') AS waived_by, coalesce(r.unseen_by IS NOT NULL, 0) AS answered_unseen
FROM absence_covers c
LEFT JOIN reply_clocks r ON r.message_id = c.message_id
LEFT JOIN reply_waivers w ON w.message_id = c.message_id
LEFT JOIN messages m ON m.id = c.message_id
LEFT JOIN customers cu ON cu.id = m.customer_id
WHERE c.at >= ?1 AND c.at < ?2
GROUP BY c.backup, c.person, c.message_id
ORDER BY c.backup, at;

-- name: absences-waiting
-- ?1: now. Who has mail in their name waiting for them to be back: a
-- follow-up step put off because the salesperson it is signed as (signer,
-- else owner) is away, or an item held before sending for the same reason
-- (the reasons begin with the person).
SELECT coalesce(nullif(signer, ''), owner) AS person FROM enrollments
WHERE status = 'active' AND due_at > ?1 AND coalesce(nullif(signer, ''), owner) != ''
  AND substr(reason, 1, length(coalesce(nullif(signer, ''), owner)) + 10) = coalesce(nullif(signer, ''), owner) || ' is away ('
UNION
SELECT substr(last_error, 7, instr(last_error, ' is away (') - 7) FROM outbox
WHERE status = 'queued' AND next_attempt_at > ?1 AND last_error LIKE 'held: % is away (%';

-- name: absences-release-enrollments
-- ?1: a person who is back, ?2: now. Their steps put off for the absence
-- are due now, to be decided again.
UPDATE enrollments SET due_at = ?2, updated_at = ?2
WHERE status = 'active' AND coalesce(nullif(signer, ''), owner) = ?1 AND due_at > ?2
  AND substr(reason, 1, length(?1) + 10) = ?1 || ' is away (';

-- name: absences-release-held
-- ?1: a person who is back, ?2: now. Their items held for the absence are
-- looked at again now.
UPDATE outbox SET next_attempt_at = ?2
WHERE status = 'queued' AND next_attempt_at > ?2
  AND substr(last_error, 1, length(?1) + 16) = 'held: ' || ?1 || ' is away (';

-- name: absences-return-add
-- ?4: the starts (unix seconds, space-separated) of the absences it ends.
INSERT INTO away_returns (person, at, created_by, created_at, ended) VALUES (?1, ?2, ?3, ?2, ?4);

-- name: absences-returns
-- ?1: now. Every "back now" said up to now, by person.
SELECT person, at, ended FROM away_returns WHERE at <= ?1 ORDER BY person, at;
