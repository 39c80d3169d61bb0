-- name: folder-state
SELECT mailbox, folder, uid_validity, last_uid, highest_modseq, synced_at
FROM folders WHERE mailbox = ? AND folder = ?;
