-- 0456: the delay of each step (as the sequence's file gave it: "15d",
-- "3d business") when the enrollment's plan was made, beside the plan's
-- names. A step's delay changed in the file (from /sequences, by hand,
-- or while the daemon was stopped) was not seen by a follow-up that
-- compared names only: a paused one, or every one after a restart, kept
-- the due time of the old delay. JSON array of strings, '' when not yet
-- recorded (the follow-up's next look records the sequence's delays as
-- they are then).
ALTER TABLE enrollments ADD COLUMN plan_delays TEXT NOT NULL DEFAULT '';
