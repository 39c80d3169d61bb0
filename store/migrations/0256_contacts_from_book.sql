-- 0256: which contacts the customer book entered (a sheet's row, a
-- company's further address), as against the addresses sync met on mail
-- (a colleague in Cc): greetings.only_contacts_who_wrote = false greets
-- the book's people who never wrote, not everyone ever on a book
-- customer's mail.
ALTER TABLE contacts ADD COLUMN from_book INTEGER NOT NULL DEFAULT 0;

-- The contacts of before: those with details only the book gives, a
-- company address, and a book customer's contacts made in the import that
-- made the customer or never seen on mail.
UPDATE contacts SET from_book = 1
WHERE company_address = 1 OR salutation != '' OR birthday != '' OR holidays != '' OR language != ''
   OR EXISTS (SELECT 1 FROM customers c WHERE c.id = contacts.customer_id AND c.source != 'mail'
              AND (contacts.created_at = c.created_at
                   OR NOT EXISTS (SELECT 1 FROM message_contacts mc WHERE mc.contact_id = contacts.id)));
