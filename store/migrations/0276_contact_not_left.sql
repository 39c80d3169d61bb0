-- 0276: a person said a contact has not left the company (customers contact
-- --not-left): when, and the address the note taken back named instead. The
-- same note again (a part-time or role autoresponder answers every mail
-- sent to it) flags nothing; one naming another address does.
ALTER TABLE contacts ADD COLUMN not_left_at INTEGER;
ALTER TABLE contacts ADD COLUMN not_left_successor TEXT NOT NULL DEFAULT '';
