-- 0259: "back now" said on the web desk: the person (or the manager for
-- them) says they are back, which ends their absences taken from the
-- config or from their own out-of-office reply that run at that instant
-- (a desk absence is cancelled instead). An out-of-office reply sent after
-- it starts a new absence as ever.
CREATE TABLE away_returns (
    id         INTEGER PRIMARY KEY,
    person     TEXT NOT NULL,
    at         INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX away_returns_person ON away_returns(person, at);
