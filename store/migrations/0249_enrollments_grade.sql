-- 0248: the customer's grade when an enrollment's sequence was chosen. A
-- customer regraded since follows the sequence of the new grade: the live
-- enrollment switches to it, keeping its step clock, or stops with a reason
-- naming the grade (grade E follows none). Enrollments made before this
-- column take the customer's grade now.
ALTER TABLE enrollments ADD COLUMN grade TEXT NOT NULL DEFAULT '';
UPDATE enrollments SET grade = coalesce((SELECT c.grade FROM customers c WHERE c.id = enrollments.customer_id), '');
