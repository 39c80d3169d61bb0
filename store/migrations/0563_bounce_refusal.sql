-- 0563: messages.bounce_refusal: a delivery failure that refused the mail
-- rather than the address (a policy, spam, a failed SPF/DKIM/DMARC check,
-- the size: a permanent status other than 5.1.x), "hans@buyer.de 5.7.26
-- authentication" (parse's Message.BounceRefusal). Such an address is
-- flagged nowhere; the follow-up whose mail came back stops naming the
-- refusal. Empty for bounces stored before, as before.
ALTER TABLE messages ADD COLUMN bounce_refusal TEXT NOT NULL DEFAULT '';
