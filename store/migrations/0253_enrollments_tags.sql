-- 0252: the customer's tags when an enrollment's sequence was chosen. A
-- customer whose tags change while its follow-up runs follows the sequence
-- its grade and new tags select, as a regraded one does. Enrollments made
-- before this column take the customer's tags now.
ALTER TABLE enrollments ADD COLUMN tags TEXT NOT NULL DEFAULT '';
UPDATE enrollments SET tags = coalesce((SELECT c.tags FROM customers c WHERE c.id = enrollments.customer_id), '');
