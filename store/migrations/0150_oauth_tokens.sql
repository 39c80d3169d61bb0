-- OAuth2 refresh tokens that `keepwarm auth` obtained, one per mailbox (or
-- the [notify] sender). The token is sealed with AES-256-GCM under the key
-- from KEEPWARM_SECRET_KEY or the key file; the database never holds it in
-- clear. obtained_at is the sign-in, used_at the last successful refresh.
CREATE TABLE oauth_tokens (
    mailbox     TEXT PRIMARY KEY,
    provider    TEXT NOT NULL,
    sealed      BLOB NOT NULL,
    obtained_at INTEGER NOT NULL,
    used_at     INTEGER NOT NULL
);
