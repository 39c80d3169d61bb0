-- 0496: what a follow-up's queued step does, as its enrollment's plan
-- names it ("email:product-intro", "task:..."), '' for other mail and for
-- steps queued before. The step index alone points at another step once
-- the manager edits the sequence while the mail waits: a put-back (the
-- send's last look, a person's Skip of a failed follow-up's held mail)
-- then replaced the queued step with the one the edit moved the follow-up
-- onto, and the queued step was never done again.
ALTER TABLE outbox ADD COLUMN step_name TEXT NOT NULL DEFAULT '';
