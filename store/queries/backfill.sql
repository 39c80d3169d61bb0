-- name: backfill-pending
-- The copies in one folder (?1 mailbox, ?2 folder, ?3 its UIDVALIDITY) of
-- messages stored from their header alone, whose text the backfill reads
-- next: at most ?4, newest first. The partial index messages_text_pending
-- holds only the messages still waiting, in id order (a first sync stores a
-- folder's mail in UID order), so the inner query stops after ?4 of this
-- folder's without reading the rest of the waiting mail, and never reads
-- mail whose text is in.
SELECT p.message_id, p.uid, m.raw_header FROM (
    SELECT c.message_id, c.uid
    FROM messages m
    CROSS JOIN message_copies c ON c.message_id = m.id -- CROSS: messages first
    WHERE m.text_pending = 1
      AND c.mailbox = ?1 AND c.folder = ?2 AND c.uid_validity = ?3 AND c.text_gone = 0
    ORDER BY m.id DESC
    LIMIT ?4
) p
JOIN messages m ON m.id = p.message_id -- the header fields, for the page only
ORDER BY p.uid DESC;

-- name: backfill-count
-- How many messages of mailbox ?1 wait for their text and have a copy there
-- the backfill can still read it from.
SELECT count(*) FROM messages m
WHERE m.text_pending = 1
  AND EXISTS (SELECT 1 FROM message_copies c
              WHERE c.message_id = m.id AND c.mailbox = ?1 AND c.text_gone = 0);

-- name: backfill-count-all
-- How many messages wait for their text, in every mailbox.
SELECT count(*) FROM messages WHERE text_pending = 1;

-- name: backfill-text
-- The kept text of an outbound message, as ingest writes it
-- (ingest-message-text), once its text is in: ?1 message id, ?2 text,
-- ?3 cut. Only while the message still waits, and only for outbound mail.
INSERT OR IGNORE INTO message_texts (message_id, text, cut)
SELECT id, ?2, ?3 FROM messages
WHERE id = ?1 AND text_pending = 1 AND kind = 'outbound';

-- name: backfill-mend-subject
-- The whole parse read a raw 8-bit header otherwise than the header alone
-- did (keepwarm.HeaderMend): message ?1's subject is ?2 where it is still
-- the header's reading ?3. Only while the message waits.
UPDATE messages SET subject = ?2
WHERE id = ?1 AND text_pending = 1 AND ?3 <> '' AND subject = ?3;

-- name: backfill-mend-from
-- Message ?1's sender ?2 is named ?3 where its name is still the header's
-- reading ?4. Only while the message waits.
UPDATE messages SET from_name = ?3
WHERE id = ?1 AND text_pending = 1 AND from_email = ?2 AND ?4 <> '' AND from_name = ?4;

-- name: backfill-mend-thread
-- The title of message ?1's thread, where it is still ?3, the title ingest
-- gave the header's reading of the message's subject: ?2, the title of the
-- whole parse's. subject_key stays. Only while the message waits.
UPDATE threads SET subject = ?2
WHERE id = (SELECT thread_id FROM messages WHERE id = ?1 AND text_pending = 1) AND ?3 <> '' AND subject = ?3;

-- name: backfill-mend-contact
-- A contact ?2 named ?4, the header's reading of a raw 8-bit name, is
-- named ?3, the whole parse's, when message ?1 still waits.
UPDATE contacts SET name = ?3
WHERE email = ?2 AND name = ?4 AND ?4 <> ''
  AND EXISTS (SELECT 1 FROM messages WHERE id = ?1 AND text_pending = 1);

-- name: backfill-fill
-- A message's text is in: ?1 id, ?2 snippet, ?3 attachments (ingest's
-- encoding), ?4 the parse error of the whole message (kept only where the
-- header left none), ?5 the body's size (NULL: not known). Kind, customer,
-- thread and dates were read from the header and stay.
UPDATE messages SET
    snippet      = ?2,
    attachments  = ?3,
    parse_error  = CASE WHEN parse_error = '' THEN ?4 ELSE parse_error END,
    body_size    = coalesce(body_size, ?5),
    text_pending = 0
WHERE id = ?1 AND text_pending = 1;

-- name: backfill-remeasure
-- ?1: a JSON array of the messages that stopped waiting for their text
-- (backfill-fill, or backfill-give-up and backfill-refused: a text that
-- can never be read, which unseenAnswers then refuses), once a batch. A customer's answer whose headers may show an answer of the
-- team's keepwarm never saw was left alone while its text was pending
-- (see unseenAnswers), so its thread is measured again when mail of the
-- customer's before it may still wait. Only such candidates: In-Reply-To
-- one id that keepwarm holds no mail of (a chaser answering the customer's
-- own stored mail, a reply to a colleague's stored mail, are none). Index
-- lookups on messages' key and reply_clocks_thread.
INSERT OR IGNORE INTO reply_dirty (thread_id)
SELECT m.thread_id FROM json_each(?1) d CROSS JOIN messages m ON m.id = d.value
WHERE m.kind = 'inbound' AND m.in_reply_to <> '' AND m.refs <> '' AND instr(m.in_reply_to, ' ') = 0
  AND NOT EXISTS (SELECT 1 FROM messages h WHERE h.key = m.in_reply_to)
  AND EXISTS (SELECT 1 FROM reply_clocks c
              WHERE c.thread_id = m.thread_id AND c.customer_id = m.customer_id AND c.received_at < m.received_at
                AND c.unseen_by IS NULL AND (c.replied_at IS NULL OR c.replied_at >= m.received_at));

-- name: backfill-gone
-- The server no longer has this copy (?1 mailbox, ?2 folder,
-- ?3 UIDVALIDITY, ?4 UID): the backfill does not ask for it again.
UPDATE message_copies SET text_gone = 1
WHERE mailbox = ?1 AND folder = ?2 AND uid_validity = ?3 AND uid = ?4;

-- name: backfill-give-up
-- A message ?1 whose every copy is gone stops waiting: its text cannot be
-- read any more. It keeps what its header gave, with no snippet.
UPDATE messages SET text_pending = 0
WHERE id = ?1 AND text_pending = 1
  AND NOT EXISTS (SELECT 1 FROM message_copies c WHERE c.message_id = ?1 AND c.text_gone = 0);

-- name: backfill-refused
-- The server refused to give message ?1's text (a copy it cannot serve,
-- marked gone with backfill-gone): when no other copy can give it, it stops
-- waiting, with no snippet, and is flagged with ?2 (where the header left
-- no parse error) so that `keepwarm flagged` lists it.
UPDATE messages SET
    text_pending = 0,
    parse_error  = CASE WHEN parse_error = '' THEN ?2 ELSE parse_error END
WHERE id = ?1 AND text_pending = 1
  AND NOT EXISTS (SELECT 1 FROM message_copies c WHERE c.message_id = ?1 AND c.text_gone = 0);
