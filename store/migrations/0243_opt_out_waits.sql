-- Customers' answers without In-Reply-To (Outlook) that the opt-out reader
-- (sequences.OptOuts) put off reading: keepwarm's mail to the customer went
-- out before the answer arrived and its copy from Sent is not stored yet, so
-- the thread's latest team mail, which says what the answer answers, may be
-- missing. since is when the reader first put it off; it reads the answer
-- once the copy is stored, or when the wait is over (the copy may never
-- come). No foreign key to messages, as for opt_out_reads.
CREATE TABLE opt_out_waits (
    message_id INTEGER PRIMARY KEY,   -- messages.id
    since      INTEGER NOT NULL
);
