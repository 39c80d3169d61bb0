-- 0555: contacts.salutation_by_hand: the salutation was set or emptied by
-- hand (`keepwarm customers contact --salutation`, the web's contact form).
-- An import keeps it, an empty one too: a salutation emptied when a
-- mailbox went from Ann to Bob is not filled with "Dear Ann" again from a
-- CRM's old salutation field. 0 for salutations set before, as before.
ALTER TABLE contacts ADD COLUMN salutation_by_hand INTEGER NOT NULL DEFAULT 0;
