-- What a call taught: a salesperson closing a call task may say what the
-- customer said ("project postponed to March", "comparing suppliers"): why
-- customers go quiet, for the customer's page and the manager.
ALTER TABLE tasks ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
