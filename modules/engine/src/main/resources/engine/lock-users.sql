-- Takes, for the transaction, the rules lock shared (a rule's creation takes it exclusively: see V10, backfill) and
-- the advisory lock of every user of a batch ($1: their ids) in one order (the keys ascending), so two transactions
-- writing one user's rewards run one after the other, and two batches never wait on each other in a circle. Keys:
-- (0x67616d6a 'gamj', 0) for the rules; (0x67616d69 'gami', hashtext(user id)) for users (two users sharing a hash
-- only wait for each other). Held until the transaction ends.
WITH rules AS MATERIALIZED (
  SELECT pg_advisory_xact_lock_shared(1734438250, 0)
)
SELECT count(pg_advisory_xact_lock(1734438249, h))
FROM rules, (SELECT DISTINCT hashtext(u) AS h FROM unnest($1::text[]) AS u ORDER BY h) AS users
