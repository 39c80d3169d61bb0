-- 0160: an address whose person has left the customer's company.
--
-- Set when that address's automatic answer says so; never written to again
-- (like a bounce), and the address it names instead is proposed to the owner.
ALTER TABLE contacts ADD COLUMN left_at INTEGER;
ALTER TABLE contacts ADD COLUMN successor TEXT NOT NULL DEFAULT '';
