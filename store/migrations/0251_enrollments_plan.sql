-- 0250: the steps of its sequence an enrollment counts its step in, one name
-- per step ("email:<template>" or "task:<what to do>"), as a JSON list. When
-- the manager edits the sequence while it runs, the enrollment finds its
-- place in the new steps by what it already did, instead of by a bare index
-- that now points at another step (a resend sent twice, a step skipped).
-- Enrollments made before this column take their sequence's steps as they
-- are at the next look.
ALTER TABLE enrollments ADD COLUMN plan TEXT NOT NULL DEFAULT '';
