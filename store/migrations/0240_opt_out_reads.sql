-- The customers' mails read for opt-out wording (sequences.OptOuts), so
-- each is read once: across ticks and restarts, and so that an opt-out a
-- person undid is not recorded again from the same mail. No foreign key to
-- messages, as for enrollments: a merge elsewhere must never fail because
-- of it.
CREATE TABLE opt_out_reads (
    message_id INTEGER PRIMARY KEY,   -- messages.id
    read_at    INTEGER NOT NULL
);
