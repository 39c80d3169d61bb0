-- The product catalog the manager keeps (products.csv/.xlsx), which
-- product introductions offer from.
CREATE TABLE products (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    tags       TEXT NOT NULL DEFAULT '',   -- lower-case, comma-separated
    pitches    TEXT NOT NULL DEFAULT '{}', -- JSON: language ("" English) -> one line
    link       TEXT NOT NULL DEFAULT '',
    price      TEXT NOT NULL DEFAULT '',
    moq        TEXT NOT NULL DEFAULT '',
    image_url  TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
);
