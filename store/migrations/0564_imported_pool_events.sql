-- 0564: a customer an import made in the pool (`customers import --pool`,
-- an empty owner cell) before imports wrote their pooled event gets one
-- of its own, 'in the pool at the upgrade', dated at the upgrade (this
-- migration's applied_at, Open's clock): the salesperson who answers it
-- from now on, once it has written in since its import, has it ("answered
-- from the pool"), and a colleague no longer claims a conversation under
-- way. Mail from before the upgrade hands it to nobody: a team that used
-- the pool as its prospect list does not find it emptied on its first
-- run. Before, it had no pool event and stayed in the pool whoever
-- answered it. Only one never owned, claimed or merged away (no pool
-- event at all).
INSERT INTO pool_events (customer_id, event, salesperson, note, at)
SELECT c.id, 'pooled', '', 'in the pool at the upgrade',
       (SELECT applied_at FROM schema_migrations WHERE version = '0564_imported_pool_events')
FROM customers c
WHERE c.source = 'import' AND c.owner = '' AND c.claimed_at IS NULL AND c.merged_into IS NULL
  AND NOT EXISTS (SELECT 1 FROM pool_events e WHERE e.customer_id = c.id)
ORDER BY c.id;
