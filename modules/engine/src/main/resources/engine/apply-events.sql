-- Applies a batch of events in one statement (CONTRACT §3). Parameters are parallel arrays, one element
-- per event, event ids unique within the batch:
--   $1 event_id  $2 event_name  $3 user_id  $4 related_entity_id  $5 occurred_at  $6 created_by  $7 dedupe_key
-- Returns one row per event seen for the first time, with the number of rewards it granted; an event
-- id absent from the result was seen before. Unique keys make every insert idempotent.
WITH ev AS (
  SELECT *
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[])
       WITH ORDINALITY AS e (event_id, event_name, user_id, related_entity_id, occurred_at, created_by, dedupe_key, ord)
),
new_events AS (
  INSERT INTO processed_events (event_id, event_name, user_id, related_entity_id, occurred_at)
  SELECT event_id, event_name, user_id, related_entity_id, occurred_at FROM ev ORDER BY ord
  ON CONFLICT (event_id) DO NOTHING
  RETURNING event_id
),
matches AS (
  SELECT ev.*, r.id AS rule_id, r.points_awarded, r.badge_id, r.title_id
  FROM ev
  JOIN new_events USING (event_id)
  JOIN gamification_rules r ON r.event_name = ev.event_name AND r.active
),
granted_points AS (
  INSERT INTO points_log (user_id, points, rule_id, event_id, related_entity_id, dedupe_key, occurred_at, created_by)
  SELECT user_id, points_awarded, rule_id, event_id, related_entity_id, dedupe_key, occurred_at, created_by
  FROM matches WHERE points_awarded IS NOT NULL
  ORDER BY ord, rule_id
  ON CONFLICT ON CONSTRAINT points_once_per_user_rule_key DO NOTHING
  RETURNING user_id, points, rule_id, event_id, related_entity_id, occurred_at, created_at
),
granted_badges AS (
  INSERT INTO user_badges (user_id, badge_id, rule_id, event_id, created_by)
  SELECT DISTINCT ON (user_id, badge_id) user_id, badge_id, rule_id, event_id, created_by
  FROM matches WHERE badge_id IS NOT NULL
  ORDER BY user_id, badge_id, ord, rule_id
  ON CONFLICT (user_id, badge_id) DO NOTHING
  RETURNING user_id, badge_id, rule_id, event_id, awarded_at
),
granted_titles AS (
  INSERT INTO user_titles (user_id, title_id, rule_id, event_id, created_by)
  SELECT DISTINCT ON (user_id, title_id) user_id, title_id, rule_id, event_id, created_by
  FROM matches WHERE title_id IS NOT NULL
  ORDER BY user_id, title_id, ord, rule_id
  ON CONFLICT (user_id, title_id) DO NOTHING
  RETURNING user_id, title_id, rule_id, event_id, awarded_at
),
totals AS (
  INSERT INTO user_totals AS t (user_id, total_points)
  SELECT user_id, sum(points)::bigint FROM granted_points GROUP BY user_id ORDER BY user_id
  ON CONFLICT (user_id) DO UPDATE SET total_points = t.total_points + excluded.total_points, updated_at = now()
),
daily_totals AS (
  -- the same points per user and UTC day of the event (the leaderboard's windows sum the days), in key order
  INSERT INTO user_daily_totals AS t (day, user_id, total_points)
  SELECT gamification_period_start('DAY', g.occurred_at), g.user_id, sum(g.points)::bigint
  FROM granted_points g
  GROUP BY 1, 2
  ORDER BY 1, 2
  ON CONFLICT (day, user_id) DO UPDATE SET total_points = t.total_points + excluded.total_points
),
rewards AS (
  SELECT gen_random_uuid() AS reward_id, g.*
  FROM (
    SELECT 'POINTS' AS type, user_id, rule_id, event_id, related_entity_id, points,
           NULL::bigint AS badge_id, NULL::bigint AS title_id, created_at AS awarded_at
    FROM granted_points
    UNION ALL
    SELECT 'BADGE', b.user_id, b.rule_id, b.event_id, ev.related_entity_id, NULL, b.badge_id, NULL, b.awarded_at
    FROM granted_badges b JOIN ev USING (event_id)
    UNION ALL
    SELECT 'TITLE', t.user_id, t.rule_id, t.event_id, ev.related_entity_id, NULL, NULL, t.title_id, t.awarded_at
    FROM granted_titles t JOIN ev USING (event_id)
  ) g
),
outbox AS (
  -- one row for the whole batch: its rewards as parallel arrays (the relay renders each one's JSON)
  INSERT INTO reward_outbox (rewards, reward_ids, types, user_ids, rule_ids, event_ids, related_entity_ids, points,
                             badge_ids, title_ids, awarded_at)
  SELECT count(*), array_agg(reward_id), array_agg(type), array_agg(user_id), array_agg(rule_id), array_agg(event_id),
         array_agg(related_entity_id), array_agg(points), array_agg(badge_id), array_agg(title_id), array_agg(awarded_at)
  FROM rewards
  HAVING count(*) > 0
)
SELECT n.event_id, count(r.reward_id)::int AS rewards
FROM new_events n LEFT JOIN rewards r USING (event_id)
GROUP BY n.event_id
