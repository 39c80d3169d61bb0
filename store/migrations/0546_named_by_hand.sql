-- 0546: how a contact and a customer got their names.
-- contacts.named_by_hand: the name was set by `keepwarm customers contact
-- --name` (a mailbox handed on from Ann to Bob). No import row of another
-- person at the address renames it again, even when the contact holds
-- nothing of its own; 0 for names set before, as before.
-- customers.named_after_person: a private buyer an import named after the
-- person at its address (key addr:, no company, or the company cell
-- repeating the person's name). Such a customer follows its contact's new
-- name; a company (0) keeps its name. Existing customers are marked only
-- where it is sure enough: made by an import, keyed by the address of a
-- contact named exactly as the customer, no contact of another name (an
-- "Email 2" address of the same person, or a nameless one, is no other).
ALTER TABLE contacts ADD COLUMN named_by_hand INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN named_after_person INTEGER NOT NULL DEFAULT 0;
UPDATE customers SET named_after_person = 1
WHERE source = 'import' AND key LIKE 'addr:%' AND name != '' AND merged_into IS NULL
  AND NOT EXISTS (SELECT 1 FROM contacts k WHERE k.customer_id = customers.id
                  AND k.name != '' AND k.name != customers.name)
  AND EXISTS (SELECT 1 FROM contacts k WHERE k.customer_id = customers.id
              AND 'addr:' || k.email = customers.key AND k.name = customers.name);
