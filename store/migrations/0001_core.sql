-- 0001: the spine: customers, contacts, threads, messages and their copies,
-- threading keys and sync positions. Times are Unix seconds (UTC).

CREATE TABLE customers (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,            -- 'domain:acme.com' | 'addr:bob@gmail.com' | other kinds later
    name        TEXT NOT NULL DEFAULT '',
    domain      TEXT NOT NULL DEFAULT '',
    owner       TEXT NOT NULL DEFAULT '',        -- salesperson email; '' = public pool
    grade       TEXT NOT NULL DEFAULT '' CHECK (grade IN ('', 'A', 'B', 'C', 'D', 'E')),
    country     TEXT NOT NULL DEFAULT '',        -- ISO 3166-1 alpha-2
    time_zone   TEXT NOT NULL DEFAULT '',        -- IANA name
    language    TEXT NOT NULL DEFAULT '',        -- BCP 47 primary tag, e.g. 'es'
    created_at  INTEGER NOT NULL
);

CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    email       TEXT NOT NULL UNIQUE,            -- lower-cased
    name        TEXT NOT NULL DEFAULT '',
    bounced_at  INTEGER,                         -- set when a bounce names this address
    created_at  INTEGER NOT NULL
);
CREATE INDEX contacts_customer ON contacts(customer_id);

-- AUTOINCREMENT: a thread merged away must never lend its id to a new one.
CREATE TABLE threads (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id INTEGER REFERENCES customers(id),
    subject     TEXT NOT NULL DEFAULT '',        -- subject of the first message seen
    subject_key TEXT NOT NULL DEFAULT '',        -- normalised subject, for the subject fallback
    created_at  INTEGER NOT NULL
);
CREATE INDEX threads_subject ON threads(customer_id, subject_key);

CREATE TABLE messages (
    id                INTEGER PRIMARY KEY,
    key               TEXT NOT NULL UNIQUE,      -- Message-ID, or 'sha256:<hash of raw header>'
    message_id        TEXT NOT NULL DEFAULT '',
    thread_id         INTEGER NOT NULL REFERENCES threads(id),
    customer_id       INTEGER REFERENCES customers(id),
    kind              TEXT NOT NULL,             -- keepwarm.Kind
    from_email        TEXT NOT NULL DEFAULT '',
    from_name         TEXT NOT NULL DEFAULT '',
    to_addrs          TEXT NOT NULL DEFAULT '',  -- comma-separated lower-cased emails
    cc_addrs          TEXT NOT NULL DEFAULT '',
    subject           TEXT NOT NULL DEFAULT '',
    date              INTEGER,                   -- Date header; NULL when missing or bad
    received_at       INTEGER NOT NULL,          -- earliest INTERNALDATE among its copies
    mailbox           TEXT NOT NULL,             -- mailbox of the earliest copy
    folder_role       TEXT NOT NULL,             -- role of the folder of the earliest copy
    size              INTEGER NOT NULL DEFAULT 0,
    snippet           TEXT NOT NULL DEFAULT '',
    raw_header        BLOB NOT NULL,
    in_reply_to       TEXT NOT NULL DEFAULT '',  -- space-separated ids
    refs              TEXT NOT NULL DEFAULT '',  -- space-separated ids
    thread_index      TEXT NOT NULL DEFAULT '',  -- Outlook conversation id (hex)
    thread_topic      TEXT NOT NULL DEFAULT '',
    bounced_recipient TEXT NOT NULL DEFAULT '',
    auto_reply_until  INTEGER,
    parse_error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX messages_thread ON messages(thread_id, received_at);
CREATE INDEX messages_customer ON messages(customer_id, received_at);
CREATE INDEX messages_kind ON messages(kind, received_at);
-- Messages stored raw because they could not be parsed: few, listed and counted.
CREATE INDEX messages_flagged ON messages(id) WHERE parse_error != '';

-- The link tables are WITHOUT ROWID: their primary key is the only b-tree,
-- which halves the pages a sync batch writes to them.

-- Which contacts appear on which message (sender or recipients).
CREATE TABLE message_contacts (
    message_id INTEGER NOT NULL REFERENCES messages(id),
    contact_id INTEGER NOT NULL REFERENCES contacts(id),
    PRIMARY KEY (message_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX message_contacts_contact ON message_contacts(contact_id);

-- Every place a message was seen. A UIDVALIDITY change deletes the folder's
-- old copies; the messages stay and the new copies point at them again.
CREATE TABLE message_copies (
    mailbox       TEXT NOT NULL,
    folder        TEXT NOT NULL,
    uid_validity  INTEGER NOT NULL,
    uid           INTEGER NOT NULL,
    message_id    INTEGER NOT NULL REFERENCES messages(id),
    internal_date INTEGER NOT NULL,
    PRIMARY KEY (mailbox, folder, uid_validity, uid)
) WITHOUT ROWID;
CREATE INDEX message_copies_message ON message_copies(message_id);

-- Threading keys: 'mid:<message-id>' for every id a message has or refers
-- to, 'ti:<conversation id>' for Outlook's Thread-Index.
CREATE TABLE thread_keys (
    key       TEXT PRIMARY KEY,
    thread_id INTEGER NOT NULL REFERENCES threads(id)
) WITHOUT ROWID;
CREATE INDEX thread_keys_thread ON thread_keys(thread_id);

-- Threads merged away (a message bridged two threads split by a parent that
-- arrived after its child). Rows that point at threads with a foreign key are
-- moved by the merge; a table that keeps thread ids without one can follow
-- from_id here to the surviving thread.
CREATE TABLE thread_merges (
    from_id   INTEGER PRIMARY KEY,
    to_id     INTEGER NOT NULL,
    merged_at INTEGER NOT NULL
);
CREATE INDEX thread_merges_to ON thread_merges(to_id);

CREATE TABLE folders (
    mailbox        TEXT NOT NULL,
    folder         TEXT NOT NULL,
    uid_validity   INTEGER NOT NULL,
    last_uid       INTEGER NOT NULL DEFAULT 0,
    highest_modseq INTEGER NOT NULL DEFAULT 0,
    synced_at      INTEGER,
    PRIMARY KEY (mailbox, folder)
);
