-- 0275: whom a report files a clock under when nobody answered it (still
-- waiting, or marked "no answer needed"): its owner when it went past its
-- target or was so marked, kept as its grade is. The owner column follows the
-- customer (the desk, the nudges and the digest go to whoever has it now); a
-- customer handed to a colleague, or back to the pool, no longer moves last
-- month's unanswered mail into the new owner's row. Clocks measured before
-- this column existed get today's owner, the best there is for them.
ALTER TABLE reply_clocks ADD COLUMN report_owner TEXT NOT NULL DEFAULT '';

UPDATE reply_clocks SET report_owner = owner;
