-- A new message the server refuses to FETCH in a live sync is asked for
-- again at later passes before it is stored as a placeholder: refused at 3
-- passes over an hour at least. The count and the first refusal's time are
-- kept here, so that `keepwarm tick` (a process per run), one-shot `sync`
-- and a restarted daemon reach that rule too. Sync deletes a row when the
-- message is stored (whole or as the placeholder), is gone from its folder,
-- or its folder is no longer synced; while a row is here, mail in the
-- mailbox's salesperson's name waits.
CREATE TABLE fetch_refusals (
    mailbox       TEXT    NOT NULL,
    folder        TEXT    NOT NULL,
    uid_validity  INTEGER NOT NULL,
    uid           INTEGER NOT NULL,
    tries         INTEGER NOT NULL,
    first_refused INTEGER NOT NULL, -- unix seconds
    -- The highest UID of the folder stored while the folder's position
    -- stays below this message: the next pass does not fetch those again.
    stored_through INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (mailbox, folder, uid_validity, uid)
);
