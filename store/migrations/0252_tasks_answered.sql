-- 0251: the answer that closed a call task (messages.id; 0 when a person
-- closed it). keepwarm closes a call task whose customer answered meanwhile:
-- no call happened, so the reports of calls made and why customers went
-- quiet leave it out.
ALTER TABLE tasks ADD COLUMN answered_by INTEGER NOT NULL DEFAULT 0;
