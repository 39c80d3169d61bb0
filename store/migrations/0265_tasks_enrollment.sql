-- 0265: a follow-up reads whether its call task was closed with what the
-- customer said (a call that reached them ends the follow-up).
CREATE INDEX tasks_enrollment ON tasks(enrollment_id) WHERE enrollment_id IS NOT NULL;
