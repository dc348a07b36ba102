-- The oldest unpublished outbox rows (one per applied batch), locked for this relay — other instances
-- skip them — and unfolded into one row per reward, in the order they were granted.
WITH claimed AS (
  SELECT *
  FROM reward_outbox
  WHERE published_at IS NULL
  ORDER BY id
  LIMIT $1
  FOR UPDATE SKIP LOCKED
)
SELECT c.id, r.reward_id::text AS reward_id, r.type, r.user_id, r.rule_id, r.event_id, r.related_entity_id, r.points,
       r.badge_id, r.title_id, r.level_id, r.kind, r.awarded_at
FROM claimed c
CROSS JOIN LATERAL unnest(c.reward_ids, c.types, c.user_ids, c.rule_ids, c.event_ids, c.related_entity_ids, c.points,
                          c.badge_ids, c.title_ids, c.level_ids, c.kinds, c.awarded_at)
  WITH ORDINALITY AS r (reward_id, type, user_id, rule_id, event_id, related_entity_id, points, badge_id, title_id, level_id,
                        kind, awarded_at, n)
ORDER BY c.id, r.n
