-- 0420: signing out used to revoke a session; it now ends it (expires_at),
-- and a revoked session's IP is no longer known for the sign-in limits. A
-- session revoked before this upgrade with no manager's revocation of it in
-- the audit log ('session.revoke', 'session <id>', written on /sessions
-- since sessions exist) was signed out of: it is ended when it was, its
-- IP known again, so a salesperson's office does not become a stranger's.
UPDATE web_sessions SET expires_at = min(expires_at, revoked_at), revoked_at = NULL
WHERE revoked_at IS NOT NULL
  AND 'session ' || id NOT IN (SELECT subject FROM web_audit WHERE action = 'session.revoke');
