-- name: oauth-token-get
SELECT provider, client_id, username, sealed, obtained_at, used_at FROM oauth_tokens WHERE mailbox = ?;

-- name: oauth-token-obtained
SELECT obtained_at FROM oauth_tokens WHERE mailbox = ?;

-- A new sign-in's obtained_at is later than the one it replaces, even by a
-- second within the same one: a running daemon tells the sign-ins apart by it.
-- name: oauth-token-put
INSERT INTO oauth_tokens (mailbox, provider, client_id, username, sealed, obtained_at, used_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (mailbox) DO UPDATE SET
    provider    = excluded.provider,
    client_id   = excluded.client_id,
    username    = excluded.username,
    sealed      = excluded.sealed,
    obtained_at = MAX(excluded.obtained_at, oauth_tokens.obtained_at + 1),
    used_at     = excluded.used_at;

-- Only the sign-in the token came from: a newer one is never overwritten.
-- name: oauth-token-rotate
UPDATE oauth_tokens SET sealed = ?, used_at = ? WHERE mailbox = ? AND obtained_at = ?;

-- name: oauth-token-count
SELECT count(*) FROM oauth_tokens;

-- name: oauth-token-sealed-all
SELECT mailbox, sealed FROM oauth_tokens ORDER BY mailbox;

-- name: oauth-token-forget
DELETE FROM oauth_tokens WHERE mailbox = ?;
