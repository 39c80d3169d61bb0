-- 0190: a thread is titled by its earliest message (by arrival), not by the
-- first one sync happened to see (Sent is synced before INBOX, so an
-- inquiry's thread was titled by the reply). subject_at is the arrival of
-- the message the title comes from; a message that arrived earlier retitles
-- the thread. Existing threads keep their title, dated by the earliest
-- message that carries it.
ALTER TABLE threads ADD COLUMN subject_at INTEGER;
UPDATE threads SET subject_at = coalesce(
    (SELECT min(m.received_at) FROM messages m WHERE m.thread_id = threads.id AND m.subject = threads.subject),
    (SELECT min(m.received_at) FROM messages m WHERE m.thread_id = threads.id));
