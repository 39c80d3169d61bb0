-- 0515: whether a sign-in request came from a browser the address signed
-- in from (its device cookie): such requests are not counted against an
-- IP's requests in 15 minutes, so a team's own browsers behind one shared
-- address (a proxy that names no client) do not use up its allowance for
-- everyone else. 0 for requests recorded before.
ALTER TABLE web_login_tokens ADD COLUMN device INTEGER NOT NULL DEFAULT 0;
