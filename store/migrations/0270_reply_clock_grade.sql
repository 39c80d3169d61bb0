-- 0270: the customer's grade a clock was judged with, kept with the clock as
-- its target is: a report grouped by grade files last month's mail under the
-- grade its target came from, not the grade the customer has since been
-- given. Clocks measured before this column existed get the customer's
-- grade of today, the best there is for them; those still running are
-- measured again with it anyway.
ALTER TABLE reply_clocks ADD COLUMN grade TEXT NOT NULL DEFAULT '';

UPDATE reply_clocks SET grade = coalesce((SELECT c.grade FROM customers c WHERE c.id = reply_clocks.customer_id), '');
