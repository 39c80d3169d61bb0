-- When sync found a configured folder it had synced before missing from
-- the server (renamed, archived or deleted in the mail client): the rest of
-- the mailbox syncs without it, and /healthz names it. NULL: on the server.
ALTER TABLE folders ADD COLUMN gone_since INTEGER;
