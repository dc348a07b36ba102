-- The outbox row of a batch holds its rewards as parallel arrays, one element per reward, instead of a
-- JSON document: PostgreSQL no longer builds JSON for every reward inside the engine's transaction (it
-- cost about as much as writing the rewards); the relay renders each reward's JSON (CONTRACT §4) as it
-- publishes it.
ALTER TABLE reward_outbox
  ADD COLUMN reward_ids         uuid[],
  ADD COLUMN types              text[],
  ADD COLUMN user_ids           text[],
  ADD COLUMN rule_ids           bigint[],
  ADD COLUMN event_ids          text[],
  ADD COLUMN related_entity_ids text[],
  ADD COLUMN points             integer[],
  ADD COLUMN badge_ids          bigint[],
  ADD COLUMN title_ids          bigint[],
  ADD COLUMN awarded_at         timestamptz[];

-- Rows written before, published or not, keep their rewards, ids and order.
UPDATE reward_outbox o SET
  reward_ids = r.reward_ids, types = r.types, user_ids = r.user_ids, rule_ids = r.rule_ids,
  event_ids = r.event_ids, related_entity_ids = r.related_entity_ids, points = r.points,
  badge_ids = r.badge_ids, title_ids = r.title_ids, awarded_at = r.awarded_at
FROM (
  SELECT p.id,
         array_agg((e ->> 'rewardId')::uuid ORDER BY n)       AS reward_ids,
         array_agg(e ->> 'type' ORDER BY n)                   AS types,
         array_agg(e ->> 'userId' ORDER BY n)                 AS user_ids,
         array_agg((e ->> 'ruleId')::bigint ORDER BY n)       AS rule_ids,
         array_agg(e ->> 'eventId' ORDER BY n)                AS event_ids,
         array_agg(e ->> 'relatedEntityId' ORDER BY n)        AS related_entity_ids,
         array_agg((e ->> 'points')::integer ORDER BY n)      AS points,
         array_agg((e ->> 'badgeId')::bigint ORDER BY n)      AS badge_ids,
         array_agg((e ->> 'titleId')::bigint ORDER BY n)      AS title_ids,
         array_agg((e ->> 'awardedAt')::timestamptz ORDER BY n) AS awarded_at
  FROM reward_outbox p CROSS JOIN LATERAL jsonb_array_elements(p.payload) WITH ORDINALITY AS x (e, n)
  GROUP BY p.id
) r
WHERE r.id = o.id;

ALTER TABLE reward_outbox
  DROP CONSTRAINT reward_outbox_rewards_listed,
  DROP COLUMN payload,
  ALTER COLUMN reward_ids SET NOT NULL,
  ALTER COLUMN types SET NOT NULL,
  ALTER COLUMN user_ids SET NOT NULL,
  ALTER COLUMN rule_ids SET NOT NULL,
  ALTER COLUMN event_ids SET NOT NULL,
  ALTER COLUMN related_entity_ids SET NOT NULL,
  ALTER COLUMN points SET NOT NULL,
  ALTER COLUMN badge_ids SET NOT NULL,
  ALTER COLUMN title_ids SET NOT NULL,
  ALTER COLUMN awarded_at SET NOT NULL,
  ADD CONSTRAINT reward_outbox_rewards_listed CHECK (
    rewards > 0
    AND cardinality(reward_ids) = rewards AND cardinality(types) = rewards AND cardinality(user_ids) = rewards
    AND cardinality(rule_ids) = rewards AND cardinality(event_ids) = rewards
    AND cardinality(related_entity_ids) = rewards AND cardinality(points) = rewards
    AND cardinality(badge_ids) = rewards AND cardinality(title_ids) = rewards AND cardinality(awarded_at) = rewards);
