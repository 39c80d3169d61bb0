-- 0176: what became of each "received, working on it" draft keepwarm put in
-- a salesperson's Drafts (outbox origin 'ack') once its thread was answered:
-- removed, gone (sent or deleted by the salesperson), edited (left alone) or
-- kept (the server cannot expunge one message alone). One row per draft, so
-- removal is tried until it settles and never again after.
CREATE TABLE ack_drafts (
    outbox_id  INTEGER PRIMARY KEY REFERENCES outbox(id),
    outcome    TEXT NOT NULL,
    at         INTEGER NOT NULL
);
