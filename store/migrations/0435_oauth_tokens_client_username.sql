-- 0435: a sign-in is kept with the OAuth client and the account it was
-- made with, so a mailbox whose provider, oauth_client_id or username was
-- changed since is not refreshed with another's token (a Google refresh
-- token sent to Microsoft's endpoint). Sign-ins kept before have '' in
-- both: only their provider can be compared.
ALTER TABLE oauth_tokens ADD COLUMN client_id TEXT NOT NULL DEFAULT '';
ALTER TABLE oauth_tokens ADD COLUMN username TEXT NOT NULL DEFAULT '';
