-- 0110: who is followed up and why not. Messages keep the attached files'
-- names (the follow-up job tells a quotation from a shipping notice by them);
-- every outbound customer mail the follow-up job looked at and did not
-- enroll keeps the reason, for `enrollments --all` and the digest.

-- One line per attachment: "<media type>\t<file name>".
ALTER TABLE messages ADD COLUMN attachments TEXT NOT NULL DEFAULT '';

CREATE TABLE followup_skips (
    message_id  INTEGER PRIMARY KEY,         -- messages.id of the outbound mail not followed up
    thread_id   INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    reason      TEXT NOT NULL,               -- answered | informational | bounced | opted-out | too-old | no-mailbox | no-sequence
    detail      TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);
CREATE INDEX followup_skips_created ON followup_skips(created_at);
CREATE INDEX followup_skips_customer ON followup_skips(customer_id);
