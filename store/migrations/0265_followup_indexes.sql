-- 0265: a follow-up reads whether its call task was closed with what the
-- customer said (a call that reached them ends the follow-up), and whether
-- a delivery failure that names no address came back for one of its mails.
CREATE INDEX tasks_enrollment ON tasks(enrollment_id) WHERE enrollment_id IS NOT NULL;
CREATE INDEX outbox_enrollment ON outbox(enrollment_id, step) WHERE enrollment_id IS NOT NULL;
