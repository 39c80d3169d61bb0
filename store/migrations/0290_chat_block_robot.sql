-- A chat block and budget hold for the robot that set them, not for its
-- channel's name: the row names the robot by a fingerprint (a hash of its
-- webhook address and kind, never the address, which holds its token), and
-- a dispatcher ignores a row of another robot (the channel's url_env now
-- pointing elsewhere). The budget of a "too long" answer holds from
-- budget_since for a bounded time, not for good. Rows from before have no
-- fingerprint and are ignored.
ALTER TABLE chat_blocks ADD COLUMN robot TEXT NOT NULL DEFAULT '';
ALTER TABLE chat_blocks ADD COLUMN budget_since INTEGER NOT NULL DEFAULT 0; -- unix seconds
