-- Why the customer went quiet, as the call found it: one of the reasons the
-- rules name (keepwarm.QuietReasons: not-received, doubts, pending, waiting,
-- comparing, plans-changed), '' when not said; for the manager's reports.
ALTER TABLE tasks ADD COLUMN reason TEXT NOT NULL DEFAULT '';
