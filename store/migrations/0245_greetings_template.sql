-- The template file a greeting or letter was rendered from and its
-- content's hash: the last check before sending sees a template fixed
-- after the item was queued.
ALTER TABLE greetings ADD COLUMN template TEXT NOT NULL DEFAULT '';
ALTER TABLE greetings ADD COLUMN template_hash TEXT NOT NULL DEFAULT '';
