-- The text of outbound mail with its line breaks (at most 16 KB), which
-- follow-ups quote, and whose salutation and language they reuse. The
-- snippet is flattened to one line; inbound mail keeps no text here.
CREATE TABLE message_texts (
    message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    cut        INTEGER NOT NULL DEFAULT 0   -- 1: the message goes on beyond the text
);
