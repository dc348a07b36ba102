-- An admin's adjustment of a user's points (CONTRACT §8), in the caller's transaction, which holds the rules lock
-- shared and the user's lock (UserLocks: LOG_WRITER, then LOCK_USER):
-- $1 user id, $2 points (not 0), $3 reason, $4 the admin. Appends an ADJUSTMENT entry named by the built-in
-- ADJUSTMENT rule, counted in every window by its time of recording; updates the totals (user_totals refuses a
-- total below 0: the statement fails); records the levels a positive adjustment reaches, with their badges and
-- titles; publishes every reward. Returns the entry.
WITH entry AS (
  INSERT INTO points_log (user_id, points, rule_id, event_id, dedupe_key, occurred_at, created_by, kind, reason,
                          reward_id)
  SELECT $1, $2, gamification_built_in_rule('ADJUSTMENT'), 'adjustment-' || r.id, 'adjustment:' || r.id, now(), $4,
         'ADJUSTMENT', $3, r.id
  FROM (SELECT gen_random_uuid() AS id) r
  RETURNING id, points, rule_id, event_id, related_entity_id, created_by, occurred_at, created_at, kind, reason, reward_id,
            user_id
),
updated AS (
  UPDATE user_totals t SET total_points = t.total_points + $2, updated_at = now()
  WHERE t.user_id = $1
  RETURNING t.total_points
),
inserted AS (
  INSERT INTO user_totals (user_id, total_points)
  SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM user_totals WHERE user_id = $1)
  RETURNING total_points
),
total AS (
  SELECT coalesce((SELECT total_points FROM updated), (SELECT total_points FROM inserted)) AS points
),
reached AS (
  INSERT INTO user_levels (user_id, level_id, event_id)
  SELECT $1, l.id, e.event_id
  FROM levels l, total, entry e
  WHERE NOT l.deleted AND l.min_points <= total.points
    AND NOT EXISTS (SELECT 1 FROM user_levels u WHERE u.user_id = $1 AND u.level_id = l.id)
  ORDER BY l.id
  ON CONFLICT (user_id, level_id) DO NOTHING
  RETURNING level_id, event_id, reached_at, reward_id
),
level_badges AS (
  INSERT INTO user_badges (user_id, badge_id, rule_id, event_id, created_by, level_id)
  SELECT DISTINCT ON (l.badge_id) $1, l.badge_id, gamification_built_in_rule('LEVEL'), r.event_id, $4, r.level_id
  FROM reached r JOIN levels l ON l.id = r.level_id
  WHERE l.badge_id IS NOT NULL
  ORDER BY l.badge_id, r.level_id
  ON CONFLICT (user_id, badge_id) DO NOTHING
  RETURNING badge_id, rule_id, event_id, level_id, awarded_at, reward_id
),
level_titles AS (
  INSERT INTO user_titles (user_id, title_id, rule_id, event_id, created_by, level_id)
  SELECT DISTINCT ON (l.title_id) $1, l.title_id, gamification_built_in_rule('LEVEL'), r.event_id, $4, r.level_id
  FROM reached r JOIN levels l ON l.id = r.level_id
  WHERE l.title_id IS NOT NULL
  ORDER BY l.title_id, r.level_id
  ON CONFLICT (user_id, title_id) DO NOTHING
  RETURNING title_id, rule_id, event_id, level_id, awarded_at, reward_id
),
published AS (
  SELECT gamification_publish(reward_id, 'POINTS', $1, rule_id, event_id, NULL, points, NULL, NULL, NULL, 'ADJUSTMENT',
                              created_at)
  FROM entry
  UNION ALL
  SELECT gamification_publish(reward_id, 'LEVEL', $1, gamification_built_in_rule('LEVEL'), event_id, NULL, NULL, NULL,
                              NULL, level_id, NULL, reached_at)
  FROM reached
  UNION ALL
  SELECT gamification_publish(reward_id, 'BADGE', $1, rule_id, event_id, NULL, NULL, badge_id, NULL, level_id, NULL,
                              awarded_at)
  FROM level_badges
  UNION ALL
  SELECT gamification_publish(reward_id, 'TITLE', $1, rule_id, event_id, NULL, NULL, NULL, title_id, level_id, NULL,
                              awarded_at)
  FROM level_titles
)
SELECT e.id, e.points, e.rule_id, e.event_id, e.related_entity_id, e.created_by, e.occurred_at, e.created_at, e.kind,
       e.reason, (SELECT count(*) FROM published) AS published
FROM entry e
