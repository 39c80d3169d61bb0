-- 0277: the tags lists the team runs were seen to put before the subjects of
-- their copies ("[sales]", as in a thread key). Only these are taken for a
-- list's tag when a message finds its thread by subject: an ERP's "[PO4712]
-- Order confirmation" is not the customer's "Order confirmation".
CREATE TABLE list_tags (
    tag TEXT PRIMARY KEY,
    seen_at INTEGER NOT NULL
) WITHOUT ROWID;
