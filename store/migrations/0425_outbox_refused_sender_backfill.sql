-- 0425: 0412 took every send failed before it at RCPT for a refusal of its
-- recipients. One whose answer was about the sender, the relay or the
-- sending server ("554 5.7.1 Service unavailable; Client host blocked
-- using zen.spamhaus.org", "Relay access denied") failed every mail of its
-- mailbox, and /healthz said nothing of it after the upgrade until a new
-- one failed. Those failed before 0412 are the mailbox's again; what the
-- dispatcher marked since, reading the answer, stays.
UPDATE outbox SET refused_recipients = 0
WHERE status = 'failed' AND refused_recipients = 1
  AND last_error LIKE '%sending SMTP RCPT TO command%'
  AND coalesce(attempted_at, 0) <= coalesce((SELECT applied_at FROM schema_migrations
                                             WHERE version = '0412_outbox_refused_recipients'), 0)
  AND (last_error LIKE '%relay access denied%' OR last_error LIKE '%relaying denied%'
       OR last_error LIKE '%unable to relay%' OR last_error LIKE '%relay not permitted%'
       OR last_error LIKE '%client host%' OR last_error LIKE '%blocked using%'
       OR last_error LIKE '%spamhaus%' OR last_error LIKE '%blocklist%' OR last_error LIKE '%blacklist%'
       OR last_error LIKE '%sender address rejected%' OR last_error LIKE '%not owned by user%'
       OR last_error LIKE '%rcpthosts%' OR last_error LIKE '%authentication required%');
