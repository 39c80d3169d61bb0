-- The header's From of mail a web form or a marketplace passed on for the
-- buyer in its Reply-To (from_email is the buyer): a copy of such mail is
-- told from another message reusing its Message-ID by the header's sender,
-- which every copy has however it was classified. '' : from_email is the
-- header's (rows from before, and all other mail).
ALTER TABLE messages ADD COLUMN relayed_by TEXT NOT NULL DEFAULT '';
