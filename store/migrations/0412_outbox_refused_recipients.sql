-- 0412: whether a failed send failed because the server refused its
-- recipients (addresses that do not exist). /healthz's failing senders
-- left out every refusal at RCPT by its text, so a refusal there of the
-- sender, the relay or the sending IP (a blocklist), which fails every mail
-- of the mailbox, never named it. Items failed before keep what the text
-- said: a refusal at RCPT is taken for the recipients', as it was read.
ALTER TABLE outbox ADD COLUMN refused_recipients INTEGER NOT NULL DEFAULT 0;
UPDATE outbox SET refused_recipients = 1
WHERE status = 'failed' AND last_error LIKE '%sending SMTP RCPT TO command%';
