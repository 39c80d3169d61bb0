-- 0003: the customer book (DOMAIN.md rules 4-6): what a salesperson's Excel
-- sheet holds beyond the mail (phones, salutations, birthdays, tags, notes),
-- grades with their reviews, the public pool's claims, merges of duplicate
-- customers, and orders for the 80/20 report. Times are Unix seconds (UTC).

ALTER TABLE customers ADD COLUMN tags TEXT NOT NULL DEFAULT '';          -- products of interest, comma-separated
ALTER TABLE customers ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN opted_out_at INTEGER;                   -- asked for no more mail
ALTER TABLE customers ADD COLUMN source TEXT NOT NULL DEFAULT 'mail';    -- 'mail' | 'import' | 'manual'
ALTER TABLE customers ADD COLUMN graded_at INTEGER;                      -- grade last set or confirmed
ALTER TABLE customers ADD COLUMN reviewed_at INTEGER;                    -- latest review
ALTER TABLE customers ADD COLUMN claimed_at INTEGER;                     -- claimed from the pool; NULL otherwise
ALTER TABLE customers ADD COLUMN pool_deadline INTEGER;                  -- answer or win by then, or back to the pool
ALTER TABLE customers ADD COLUMN won_at INTEGER;
ALTER TABLE customers ADD COLUMN merged_into INTEGER REFERENCES customers(id); -- set on the dropped side of a merge
CREATE INDEX customers_owner ON customers(owner) WHERE merged_into IS NULL;
CREATE INDEX customers_domain ON customers(domain) WHERE domain != '';
CREATE INDEX customers_claims ON customers(pool_deadline) WHERE claimed_at IS NOT NULL;

ALTER TABLE contacts ADD COLUMN salutation TEXT NOT NULL DEFAULT '';     -- '' = "Dear <first name>"
ALTER TABLE contacts ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN birthday TEXT NOT NULL DEFAULT '';       -- 'YYYY-MM-DD' or '--MM-DD'

-- Every phone number, E.164, belongs to one customer (and maybe one contact):
-- the second key, after email, that import dedupes on.
CREATE TABLE phones (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    contact_id  INTEGER REFERENCES contacts(id),
    number      TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL DEFAULT '',     -- the person, when the row had no email
    created_at  INTEGER NOT NULL
);
CREATE INDEX phones_customer ON phones(customer_id);

CREATE TABLE reviews (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers(id),
    reviewer     TEXT NOT NULL DEFAULT '',
    grade_before TEXT NOT NULL DEFAULT '',
    grade_after  TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    reviewed_at  INTEGER NOT NULL
);
CREATE INDEX reviews_customer ON reviews(customer_id, reviewed_at);

-- The pool's history: 'pooled' (an unknown sender's inquiry), 'assigned'
-- (round robin or first writer), 'claimed', 'released', 'returned'
-- (deadline passed), 'won', 'owner' (set by hand).
CREATE TABLE pool_events (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    event       TEXT NOT NULL,
    salesperson TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    at          INTEGER NOT NULL
);
CREATE INDEX pool_events_customer ON pool_events(customer_id, at);
CREATE INDEX pool_events_event ON pool_events(event, id);

CREATE TABLE merges (
    id           INTEGER PRIMARY KEY,
    kept_id      INTEGER NOT NULL REFERENCES customers(id),
    dropped_id   INTEGER NOT NULL REFERENCES customers(id),
    dropped_key  TEXT NOT NULL,
    dropped_name TEXT NOT NULL DEFAULT '',
    moved        TEXT NOT NULL DEFAULT '{}',  -- JSON: rows moved per table
    merged_by    TEXT NOT NULL DEFAULT '',
    merged_at    INTEGER NOT NULL
);

CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,         -- 'ref:<order no>' or a hash of the row: re-import adds nothing
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    ordered_at  INTEGER NOT NULL,
    cents       INTEGER NOT NULL,             -- minor units
    currency    TEXT NOT NULL,
    ref         TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);
CREATE INDEX orders_customer ON orders(customer_id, ordered_at);
