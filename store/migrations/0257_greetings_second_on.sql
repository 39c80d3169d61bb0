-- 0257: a festival of the lunar calendar can fall twice in one Gregorian
-- year (Eid al-Fitr in early January and late December 2033): its second
-- greeting is recorded with the occasion's date, 'YYYY-MM-DD', and is one
-- greeting per (contact, occasion, year, second_on). Every other greeting
-- keeps second_on '' and the rule of before.
ALTER TABLE greetings ADD COLUMN second_on TEXT NOT NULL DEFAULT '';
DROP INDEX greetings_once;
CREATE UNIQUE INDEX greetings_once ON greetings(contact_id, occasion, year, second_on) WHERE kind = 'greeting';
