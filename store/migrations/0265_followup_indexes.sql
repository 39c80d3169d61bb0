-- 0265: a follow-up reads whether its call task was closed with what the
-- customer said (a call that reached them ends the follow-up), and whether
-- a delivery failure that names no address came back for one of its mails.
-- IF NOT EXISTS: for a few minutes of 5 December 2026 the migration numbered
-- 0265 was 0265_tasks_enrollment, which made tasks_enrollment alone; a
-- database that ran it runs this one too and must not fail on that index.
CREATE INDEX IF NOT EXISTS tasks_enrollment ON tasks(enrollment_id) WHERE enrollment_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS outbox_enrollment ON outbox(enrollment_id, step) WHERE enrollment_id IS NOT NULL;
