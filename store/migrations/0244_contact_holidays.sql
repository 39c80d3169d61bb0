-- The festivals the customer book marks a contact as keeping: occasion keys
-- or faiths ("eid-al-fitr;diwali", "muslim"), joined by ';'. A religious
-- festival goes to a contact only when it is the faith of the majority in
-- the customer's country or listed here.
ALTER TABLE contacts ADD COLUMN holidays TEXT NOT NULL DEFAULT '';
