-- 0553: when a draft's APPEND first lost its answer (the claim of that
-- attempt). The retry looks in Drafts and Sent for a mail of the draft's
-- thread since the day before it: she may have sent the draft under a new
-- Message-ID. That look began the day before the retry's own claim, which
-- writes over attempted_at, so a draft held more than a day between (a
-- monthly letter held while she was away, the login stopped until a
-- restart) was filed again after she had sent it. Drafts marked before
-- (append_lost) take their created_at: no later than the attempt, a wider
-- look, which at worst says "check Drafts/Sent" instead of filing.
ALTER TABLE outbox ADD COLUMN append_lost_at INTEGER;
UPDATE outbox SET append_lost_at = created_at WHERE append_lost = 1;
