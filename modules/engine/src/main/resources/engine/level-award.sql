-- Awards level $1 (min points $2, badge $3, title $4) to the next users after $5 (user id order, at most $6) whose
-- total reaches it, as job $7 ('job-<id>' names the reward's event); a user who reached it already gets nothing.
-- Returns the last user looked at (NULL: no user left), how many were looked at, and the rewards granted.
WITH users AS (
  SELECT t.user_id FROM user_totals t
  WHERE t.user_id > $5 AND t.total_points >= $2
  ORDER BY t.user_id
  LIMIT $6
  -- an erasure of one of these users waits for this award, then erases its rows too (V12)
  FOR KEY SHARE OF t
),
new_levels AS (
  INSERT INTO user_levels (user_id, level_id, event_id)
  SELECT user_id, $1, $7 FROM users ORDER BY user_id
  ON CONFLICT (user_id, level_id) DO NOTHING
  RETURNING user_id, level_id, event_id, reached_at, reward_id
),
granted_badges AS (
  INSERT INTO user_badges (user_id, badge_id, rule_id, event_id, created_by, level_id)
  SELECT user_id, $3, gamification_built_in_rule('LEVEL'), $7, 'system', $1 FROM new_levels WHERE $3::bigint IS NOT NULL
  ORDER BY user_id
  ON CONFLICT (user_id, badge_id) DO NOTHING
  RETURNING user_id, badge_id, rule_id, event_id, awarded_at, reward_id
),
granted_titles AS (
  INSERT INTO user_titles (user_id, title_id, rule_id, event_id, created_by, level_id)
  SELECT user_id, $4, gamification_built_in_rule('LEVEL'), $7, 'system', $1 FROM new_levels WHERE $4::bigint IS NOT NULL
  ORDER BY user_id
  ON CONFLICT (user_id, title_id) DO NOTHING
  RETURNING user_id, title_id, rule_id, event_id, awarded_at, reward_id
),
rewards AS (
  SELECT 'LEVEL' AS type, reward_id, user_id, gamification_built_in_rule('LEVEL') AS rule_id, event_id,
         NULL::bigint AS badge_id, NULL::bigint AS title_id, level_id, reached_at AS awarded_at
  FROM new_levels
  UNION ALL
  SELECT 'BADGE', reward_id, user_id, rule_id, event_id, badge_id, NULL, $1, awarded_at FROM granted_badges
  UNION ALL
  SELECT 'TITLE', reward_id, user_id, rule_id, event_id, NULL, title_id, $1, awarded_at FROM granted_titles
),
outbox AS (
  INSERT INTO reward_outbox (rewards, reward_ids, types, user_ids, rule_ids, event_ids, related_entity_ids, points,
                             badge_ids, title_ids, level_ids, kinds, awarded_at)
  SELECT count(*), array_agg(reward_id), array_agg(type), array_agg(user_id), array_agg(rule_id), array_agg(event_id),
         array_agg(NULL::text), array_agg(NULL::integer), array_agg(badge_id), array_agg(title_id), array_agg(level_id),
         array_agg(NULL::text), array_agg(awarded_at)
  FROM rewards
  HAVING count(*) > 0
)
SELECT (SELECT max(user_id) FROM users) AS last_user, (SELECT count(*) FROM users) AS looked_at,
       (SELECT count(*) FROM rewards) AS granted
