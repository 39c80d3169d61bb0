-- 0247: whether a paused enrollment was paused by a person (keepwarm pause,
-- the desk) rather than by an out-of-office. While a person's pause is in
-- force an auto-reply may only lengthen it: it never ends a pause without
-- an end date nor shortens one, and the person's reason stays. Enrollments
-- a person paused before this column are recognised by their reason.
ALTER TABLE enrollments ADD COLUMN paused_by_person INTEGER NOT NULL DEFAULT 0;
UPDATE enrollments SET paused_by_person = 1 WHERE status = 'paused' AND reason = 'paused by a person';
