-- The oldest unpublished outbox rows (one per applied batch), locked for this relay — other instances
-- skip them — and unfolded into one row per reward, in the order they were granted.
WITH claimed AS (
  SELECT id, payload
  FROM reward_outbox
  WHERE published_at IS NULL
  ORDER BY id
  LIMIT $1
  FOR UPDATE SKIP LOCKED
)
SELECT c.id, r.reward ->> 'userId' AS user_id, r.reward ->> 'type' AS type, r.reward::text AS payload
FROM claimed c CROSS JOIN LATERAL jsonb_array_elements(c.payload) WITH ORDINALITY AS r (reward, n)
ORDER BY c.id, r.n
