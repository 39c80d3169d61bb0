-- 0200: the customer book against real sheets and habits.
--
-- A cell with several emails holds the person's address first and then the
-- company's further addresses (purchasing@, info@): those are contacts that
-- identify the company's mail but are not a person to greet.
ALTER TABLE contacts ADD COLUMN company_address INTEGER NOT NULL DEFAULT 0;

-- A merge keeps what it needs to be undone: the rows it moved per table
-- (rowids), the customers that pointed at the dropped one, and the kept
-- customer's fields before and after.
ALTER TABLE merges ADD COLUMN moved_rows TEXT NOT NULL DEFAULT '';   -- JSON {table: [rowid...]}; '' = recorded before undo was possible
ALTER TABLE merges ADD COLUMN repointed TEXT NOT NULL DEFAULT '[]';  -- JSON [customer id...] whose merged_into was the dropped one
ALTER TABLE merges ADD COLUMN kept_before TEXT NOT NULL DEFAULT '';  -- JSON of the kept customer's fields
ALTER TABLE merges ADD COLUMN kept_after TEXT NOT NULL DEFAULT '';
ALTER TABLE merges ADD COLUMN undone_at INTEGER;
ALTER TABLE merges ADD COLUMN undone_by TEXT NOT NULL DEFAULT '';
CREATE INDEX merges_dropped ON merges(dropped_id);

-- Order numbers are the customer's: two customers may both have an order
-- 1001. Keys of numbered orders name the customer from now on.
UPDATE orders SET key = 'ref:' || customer_id || ':' || ref WHERE ref != '' AND key = 'ref:' || ref;
CREATE INDEX orders_ref ON orders(customer_id, ref) WHERE ref != '';
