-- The oldest unpublished rewards, locked for this relay; other instances skip them.
SELECT id, user_id, payload::text AS payload
FROM reward_outbox
WHERE published_at IS NULL
ORDER BY id
LIMIT $1
FOR UPDATE SKIP LOCKED
