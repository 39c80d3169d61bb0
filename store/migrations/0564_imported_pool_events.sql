-- 0564: a customer an import made in the pool (`customers import --pool`,
-- an empty owner cell) gets the pooled event ('imported to the pool') an
-- import now writes, at its import: the salesperson who answered its mail
-- since has it ("answered from the pool"), and a colleague no longer
-- claims a conversation under way. Before, it had no pool event and stayed
-- in the pool whoever answered it. Only one never owned, claimed or merged
-- away (no pool event at all).
INSERT INTO pool_events (customer_id, event, salesperson, note, at)
SELECT c.id, 'pooled', '', 'imported to the pool', c.created_at FROM customers c
WHERE c.source = 'import' AND c.owner = '' AND c.claimed_at IS NULL AND c.merged_into IS NULL
  AND NOT EXISTS (SELECT 1 FROM pool_events e WHERE e.customer_id = c.id)
ORDER BY c.id;
