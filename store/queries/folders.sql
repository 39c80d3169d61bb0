-- name: folder-state
SELECT mailbox, folder, uid_validity, last_uid, highest_modseq, synced_at
FROM folders WHERE mailbox = ? AND folder = ?;

-- name: folder-save
INSERT INTO folders (mailbox, folder, uid_validity, last_uid, highest_modseq, synced_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (mailbox, folder) DO UPDATE SET
    uid_validity   = excluded.uid_validity,
    last_uid       = excluded.last_uid,
    highest_modseq = excluded.highest_modseq,
    synced_at      = excluded.synced_at,
    gone_since     = NULL;

-- name: folder-gone
-- ?1 mailbox, ?2 folder, ?3 now: the configured folder is no longer on the
-- server; the first time it was found missing is kept.
UPDATE folders SET gone_since = COALESCE(gone_since, ?3) WHERE mailbox = ?1 AND folder = ?2;

-- name: folders-only-gone
-- ?1 mailbox, ?2 a JSON array of the folders gone now: the others are not.
UPDATE folders SET gone_since = NULL
WHERE mailbox = ?1 AND gone_since IS NOT NULL AND folder NOT IN (SELECT value FROM json_each(?2));

-- name: folder-reset
INSERT INTO folders (mailbox, folder, uid_validity, last_uid, highest_modseq)
VALUES (?, ?, ?, 0, 0)
ON CONFLICT (mailbox, folder) DO UPDATE SET
    uid_validity   = excluded.uid_validity,
    last_uid       = 0,
    highest_modseq = 0;

-- name: folder-delete-copies
DELETE FROM message_copies WHERE mailbox = ? AND folder = ?;

-- name: stats-counts
SELECT
    (SELECT count(*) FROM messages)                        AS messages,
    (SELECT count(*) FROM messages WHERE parse_error != '') AS flagged,
    (SELECT count(*) FROM threads)                         AS threads,
    (SELECT count(*) FROM customers)                       AS customers,
    (SELECT count(*) FROM contacts)                        AS contacts;

-- name: stats-copies
SELECT mailbox, count(*) AS copies FROM message_copies GROUP BY mailbox ORDER BY mailbox;

-- name: flagged-messages
SELECT id, key, mailbox, parse_error
FROM messages WHERE parse_error != '' ORDER BY id;

-- name: fetch-refusals
SELECT folder, uid_validity, uid, tries, first_refused, stored_through
FROM fetch_refusals WHERE mailbox = ? ORDER BY folder, uid;

-- name: fetch-refusal-bump
-- A pass's refusals of the message: added to the ones other passes (and
-- the mailbox's other Syncers) counted meanwhile; its first refusal stays.
INSERT INTO fetch_refusals (mailbox, folder, uid_validity, uid, tries, first_refused, stored_through)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (mailbox, folder, uid_validity, uid) DO UPDATE
SET tries = tries + excluded.tries,
    first_refused = min(first_refused, excluded.first_refused),
    stored_through = max(stored_through, excluded.stored_through);

-- name: fetch-refusal-delete
DELETE FROM fetch_refusals WHERE mailbox = ? AND folder = ? AND uid_validity = ? AND uid = ?;

-- name: fetch-refusals-stored-through
UPDATE fetch_refusals SET stored_through = max(stored_through, ?)
WHERE mailbox = ? AND folder = ? AND uid_validity = ?;
