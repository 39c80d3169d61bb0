-- 0006: greetings and monthly letters (DOMAIN.md rule 3). One row per
-- greeting or letter keepwarm decided to send, written in the same
-- transaction as its outbox row: the unique indexes make "one greeting per
-- (contact, occasion, year)" and "one letter per (customer, month)" hold
-- whatever the outbox key says. No foreign keys: a merge elsewhere must never
-- fail because of a greeting. Times are Unix seconds (UTC).

CREATE TABLE greetings (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('greeting', 'letter')),
    customer_id INTEGER NOT NULL,
    contact_id  INTEGER NOT NULL DEFAULT 0,
    occasion    TEXT NOT NULL DEFAULT '',        -- greeting: 'christmas', 'birthday', 'eid-al-fitr', ...
    year        INTEGER NOT NULL DEFAULT 0,      -- greeting: the occasion's year
    month       TEXT NOT NULL DEFAULT '',        -- letter: 'YYYY-MM'
    outbox_key  TEXT NOT NULL UNIQUE,            -- 'greet:<contact>:<occasion>:<year>' | 'letter:<customer>:<yyyy-mm>'
    created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX greetings_once ON greetings(contact_id, occasion, year) WHERE kind = 'greeting';
CREATE UNIQUE INDEX letters_once ON greetings(customer_id, month) WHERE kind = 'letter';
