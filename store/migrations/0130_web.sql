-- 0130: the web application: one-time sign-in links, sessions and the audit
-- trail of changes made through it. Tokens are stored as SHA-256 hashes only:
-- a copy of the database signs nobody in. Times are Unix seconds (UTC).

CREATE TABLE web_login_tokens (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,             -- hex SHA-256 of the token in the link
    email       TEXT NOT NULL,                    -- lower-cased address it was asked for
    next_path   TEXT NOT NULL DEFAULT '/',        -- where the link leads after sign-in
    ip          TEXT NOT NULL DEFAULT '',         -- who asked, for the per-IP rate limit
    sent        INTEGER NOT NULL DEFAULT 0,       -- 1 when a link was mailed (a team address)
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX web_login_tokens_email ON web_login_tokens(email, created_at);
CREATE INDEX web_login_tokens_ip ON web_login_tokens(ip, created_at);

CREATE TABLE web_sessions (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,            -- hex SHA-256 of the cookie's value
    email        TEXT NOT NULL,
    user_agent   TEXT NOT NULL DEFAULT '',
    ip           TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    seen_at      INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    revoked_at   INTEGER
);
CREATE INDEX web_sessions_email ON web_sessions(email);

-- Every change a person made through the web: who, what, when, before and after.
CREATE TABLE web_audit (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER,                          -- the customer it concerns; NULL for none
    actor       TEXT NOT NULL,                    -- the signed-in person's address
    action      TEXT NOT NULL,                    -- e.g. 'enrollment.stop', 'contact.edit'
    subject     TEXT NOT NULL DEFAULT '',         -- what was changed, e.g. 'enrollment 7'
    before      TEXT NOT NULL DEFAULT '',
    after       TEXT NOT NULL DEFAULT '',
    at          INTEGER NOT NULL
);
CREATE INDEX web_audit_customer ON web_audit(customer_id, at);
