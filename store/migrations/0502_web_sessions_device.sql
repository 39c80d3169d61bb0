-- 0502: the browser a session was started in, by the SHA-256 of its
-- device cookie (a random value the browser keeps for a year, through
-- sign-outs): a sign-in request from that browser for the session's
-- address comes from a browser that address signed in from, whatever IP a
-- proxy in front names, or fails to name. '' for sessions started before.
ALTER TABLE web_sessions ADD COLUMN device_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX web_sessions_device ON web_sessions(device_hash) WHERE device_hash <> '';

-- The server's own keys, made once and kept across restarts: "form", the
-- key of the CSRF tokens of the forms shown before sign-in (a sign-in
-- page open while keepwarm restarts still works). No person's secret.
CREATE TABLE web_keys (
    name TEXT PRIMARY KEY,
    key  BLOB NOT NULL
);
