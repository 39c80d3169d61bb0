-- The body's size (RFC822.SIZE less the whole header) tells a copy of a
-- message from another message that reuses its Message-ID. It was read as
-- size less the length of raw_header; sync now fetches only the header
-- fields keepwarm reads, so it is kept in a column of its own. NULL: not
-- known (the server gives the whole header's size only with the whole
-- header, which is no longer fetched).
ALTER TABLE messages ADD COLUMN body_size INTEGER;
UPDATE messages SET body_size = size - length(raw_header) WHERE size > 0 AND length(raw_header) <= size;
