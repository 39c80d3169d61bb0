-- name: ops-folders
SELECT mailbox, folder, last_uid, COALESCE(synced_at, 0) AS synced_at, COALESCE(gone_since, 0) AS gone_since
FROM folders ORDER BY mailbox, folder;

-- name: ops-outbox-by-status
SELECT status, count(*) AS n FROM outbox GROUP BY status ORDER BY status;

-- name: ops-uncertain-to-check
-- Uncertain sends no one has dealt with yet (outbox-settle).
SELECT count(*) FROM outbox WHERE status = 'uncertain' AND settled_at IS NULL;

-- name: ops-open-reply-clocks
SELECT count(*) FROM reply_clocks WHERE replied_at IS NULL AND covered_by IS NULL AND waived_at IS NULL AND unseen_by IS NULL;

-- name: ops-mailboxes
SELECT mailbox, coalesce(pass_at, 0) AS pass_at, coalesce(failed_at, 0) AS failed_at, failure, cannot_connect
FROM mailbox_sync ORDER BY mailbox;

-- name: mailbox-sync-get
SELECT mailbox, coalesce(pass_at, 0) AS pass_at, coalesce(failed_at, 0) AS failed_at, failure, cannot_connect
FROM mailbox_sync WHERE mailbox = ?;

-- name: sync-alive
-- ?1 mailbox, ?2 now: a pass or IDLE round completed.
INSERT INTO mailbox_sync (mailbox, pass_at) VALUES (?1, ?2)
ON CONFLICT (mailbox) DO UPDATE SET pass_at = excluded.pass_at, failed_at = NULL, failure = '', cannot_connect = 0;

-- name: sync-alive-folders
-- ?1 mailbox, ?2 a JSON array of folder names, ?3 now: those folders were
-- checked and are up to date, whether or not anything was new.
UPDATE folders SET synced_at = ?3, gone_since = NULL
WHERE mailbox = ?1 AND folder IN (SELECT value FROM json_each(?2));

-- name: sync-failed
-- ?1 mailbox, ?2 now, ?3 why, ?4 1 when no session could be begun.
INSERT INTO mailbox_sync (mailbox, failed_at, failure, cannot_connect) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (mailbox) DO UPDATE SET failed_at = excluded.failed_at, failure = excluded.failure,
    cannot_connect = excluded.cannot_connect;
