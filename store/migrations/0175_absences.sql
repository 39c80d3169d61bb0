-- 0175: absences entered on the web desk, and the nudges a backup received
-- for an absent salesperson (the weekly summary lists them). Times are Unix
-- seconds (UTC). Absences from the config file and from a salesperson's own
-- out-of-office reply are not stored here: the config is read at start, the
-- auto-replies are messages already.

CREATE TABLE absences (
    id           INTEGER PRIMARY KEY,
    person       TEXT NOT NULL,                   -- lower-case email of who is away
    backup       TEXT NOT NULL DEFAULT '',        -- '' = the manager
    from_at      INTEGER NOT NULL,
    until_at     INTEGER NOT NULL,                -- first instant back
    note         TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    cancelled_at INTEGER,
    cancelled_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX absences_until ON absences(until_at) WHERE cancelled_at IS NULL;

CREATE TABLE absence_covers (
    message_id INTEGER NOT NULL,                  -- reply_clocks.message_id
    level      INTEGER NOT NULL,                  -- the nudge's level
    person     TEXT NOT NULL,                     -- who was away
    backup     TEXT NOT NULL,                     -- who got the nudge instead
    source     TEXT NOT NULL,                     -- config | desk | auto-reply
    at         INTEGER NOT NULL,
    PRIMARY KEY (message_id, level)
) WITHOUT ROWID;
CREATE INDEX absence_covers_at ON absence_covers(at);
