-- name: ops-folders
SELECT mailbox, folder, last_uid, COALESCE(synced_at, 0) AS synced_at
FROM folders ORDER BY mailbox, folder;

-- name: ops-outbox-by-status
SELECT status, count(*) AS n FROM outbox GROUP BY status ORDER BY status;

-- name: ops-open-reply-clocks
SELECT count(*) FROM reply_clocks WHERE replied_at IS NULL AND covered_by IS NULL;
