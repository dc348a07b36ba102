-- Takes the transaction's advisory lock of every user of a batch ($1: their ids), in one order (the locks' keys
-- ascending), so two transactions writing events of one user run one after the other, and two batches never wait
-- on each other in a circle. Key space 0x67616d69 ('gami') + hashtext(user id): two users sharing a hash only
-- wait for each other. Held until the transaction ends.
SELECT count(pg_advisory_xact_lock(1734438249, h))
FROM (SELECT DISTINCT hashtext(u) AS h FROM unnest($1::text[]) AS u ORDER BY h) AS users
