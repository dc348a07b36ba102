UPDATE reward_outbox SET published_at = now() WHERE id = ANY($1::bigint[])
