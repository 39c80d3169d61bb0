-- 0388: the Message-ID under which the salesperson sent a follow-up step
-- keepwarm filed in Drafts. Her mail client sends a draft under a new
-- Message-ID, so its copy in Sent was taken for a mail of her own: a new
-- thread's (a product introduction) was followed up on its own, superseding
-- the follow-up that filed it, and an answer in the thread became the mail
-- followed up. Items filed before keep '' and are read as before.
ALTER TABLE outbox ADD COLUMN sent_copy TEXT NOT NULL DEFAULT '';
CREATE INDEX outbox_sent_copy ON outbox(sent_copy) WHERE sent_copy != '';
