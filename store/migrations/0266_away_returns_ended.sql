-- 0266: a "back now" ends the absences running when it was said, and only
-- those: ended lists their starts (unix seconds, space-separated), so an
-- absence entered in the config afterwards that also covers that instant
-- (a same-day sick leave) is not cut. Empty (returns said before): every
-- config or out-of-office absence running at that instant, as before.
ALTER TABLE away_returns ADD COLUMN ended TEXT NOT NULL DEFAULT '';
