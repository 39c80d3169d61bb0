-- 0170: outbox items for chat channels ([[notify.channel]]). Such an item's
-- mailbox is 'chat:<channel>' and chat holds what the channel shows, as
-- JSON (keepwarm.ChatNote); '' for mail. The webhook URL and signing secret
-- are never stored: they come from the config's env or command.
ALTER TABLE outbox ADD COLUMN chat TEXT NOT NULL DEFAULT '';
