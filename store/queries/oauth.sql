-- name: oauth-token-get
SELECT provider, sealed, obtained_at, used_at FROM oauth_tokens WHERE mailbox = ?;

-- name: oauth-token-put
INSERT INTO oauth_tokens (mailbox, provider, sealed, obtained_at, used_at)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT (mailbox) DO UPDATE SET
    provider    = excluded.provider,
    sealed      = excluded.sealed,
    obtained_at = excluded.obtained_at,
    used_at     = excluded.used_at;

-- name: oauth-token-rotate
UPDATE oauth_tokens SET sealed = ?, used_at = ? WHERE mailbox = ?;
