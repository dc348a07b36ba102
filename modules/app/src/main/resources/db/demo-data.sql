-- The demo rule set of dev mode (GAMIFICATION_DEMO_DATA). Idempotent: every row is inserted only when a
-- row with the same name (badges, titles) or the same event and description (rules) is missing, so a
-- restart adds nothing and an admin's edits to other columns are kept. Run under an advisory lock.

INSERT INTO badges (name, description, icon_url)
SELECT demo.name, demo.description, demo.icon_url
FROM (VALUES
  (1, 'First Gig',           'Completed a first gig on Gigsy',             'https://api.iconify.design/mdi/briefcase-check.svg'),
  (2, 'Reliable Freelancer', 'Completed 5 gigs on Gigsy',                  'https://api.iconify.design/mdi/shield-star.svg'),
  (3, 'Top of the Class',    'Passed a course with a score of 90 or more', 'https://api.iconify.design/mdi/school.svg')
) AS demo (position, name, description, icon_url)
WHERE NOT EXISTS (SELECT 1 FROM badges b WHERE b.name = demo.name)
ORDER BY demo.position;

INSERT INTO titles (name, description)
SELECT demo.name, demo.description
FROM (VALUES
  (1, 'Top Learner',       'Keeps learning: completed a course on Gigsy'),
  (2, 'Dedicated Learner', 'Completed a lesson on 7 days in a row')
) AS demo (position, name, description)
WHERE NOT EXISTS (SELECT 1 FROM titles t WHERE t.name = demo.name)
ORDER BY demo.position;

-- A dev state of an earlier demo set has application.sent paying 5 points without limit (it could be farmed). That
-- rule becomes the capped one in place — same id, so the points it granted stay its own — when it is still as the
-- demo made it (its description, no cap) and no capped one exists yet; the insert below then finds it and adds
-- nothing. The cap counts grants from now on: applications rewarded earlier today do not count towards today's 10.
-- Once renamed, the old description is gone, so a restart changes nothing and an admin's later edits (uncapping it
-- included) are kept.
UPDATE gamification_rules
SET description = '5 points for sending an application, at most 10 a day', cap_count = 10, cap_period = 'DAY',
    updated_at = now()
WHERE id = (SELECT min(id) FROM gamification_rules
            WHERE event_name = 'application.sent' AND description = '5 points for sending an application'
              AND cap_count IS NULL AND threshold IS NULL AND streak_length IS NULL)
  AND NOT EXISTS (SELECT 1 FROM gamification_rules
                  WHERE event_name = 'application.sent'
                    AND description = '5 points for sending an application, at most 10 a day');

-- Conditions are stored as the API stores them: each value also read as a decimal ("number") when it is one.
INSERT INTO gamification_rules (event_name, description, points_awarded, badge_id, title_id, conditions,
                                points_from_attribute, points_multiplier, cap_count, cap_period, threshold,
                                streak_length, streak_period)
SELECT demo.event_name, demo.description, demo.points_awarded,
       (SELECT id FROM badges WHERE name = demo.badge ORDER BY id LIMIT 1),
       (SELECT id FROM titles WHERE name = demo.title ORDER BY id LIMIT 1),
       coalesce(demo.conditions, '[]'), demo.points_from_attribute, demo.points_multiplier, demo.cap_count,
       demo.cap_period, demo.threshold, demo.streak_length, demo.streak_period
FROM (VALUES
  (1, 'course.completed', '50 points for completing a course', 50::integer, NULL::text, NULL::text,
      NULL::jsonb, NULL::text, NULL::numeric, NULL::integer, NULL::text, NULL::integer, NULL::integer, NULL::text),
  (2, 'course.completed', 'The title Top Learner for completing a course', NULL, NULL, 'Top Learner',
      NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (3, 'gig.completed', '100 points and the First Gig badge for a gig', 100, 'First Gig', NULL,
      NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (4, 'application.sent', '5 points for sending an application, at most 10 a day', 5, NULL, NULL,
      NULL, NULL, NULL, 10, 'DAY', NULL, NULL, NULL),
  (5, 'gig.completed', 'The badge Reliable Freelancer for 5 completed gigs', NULL, 'Reliable Freelancer', NULL,
      NULL, NULL, NULL, NULL, NULL, 5, NULL, NULL),
  (6, 'course.completed', 'The badge Top of the Class for a course passed with a score of 90 or more', NULL,
      'Top of the Class', NULL, '[{"attribute": "score", "op": "GTE", "value": "90", "number": "90"}]', NULL, NULL,
      NULL, NULL, NULL, NULL, NULL),
  (7, 'lesson.completed', 'The title Dedicated Learner for a lesson on 7 days in a row', NULL, NULL,
      'Dedicated Learner', NULL, NULL, NULL, NULL, NULL, NULL, 7, 'DAY'),
  (8, 'gig.paid', 'Points worth 10 % of the amount paid for a gig', NULL, NULL, NULL,
      NULL, 'amount', 0.1, NULL, NULL, NULL, NULL, NULL)
) AS demo (position, event_name, description, points_awarded, badge, title, conditions, points_from_attribute,
           points_multiplier, cap_count, cap_period, threshold, streak_length, streak_period)
WHERE NOT EXISTS (
  SELECT 1 FROM gamification_rules r WHERE r.event_name = demo.event_name AND r.description = demo.description)
ORDER BY demo.position;

-- Three levels (CONTRACT §8), the last granting the title Top Learner. Inserted only when no level has the name or
-- the points (a level's points are unique); users a later level reaches get it as their next event or adjustment
-- counts (a level created through the API is also awarded, in the background, to the users already there).
INSERT INTO levels (name, min_points, title_id)
SELECT demo.name, demo.min_points, (SELECT id FROM titles WHERE name = demo.title ORDER BY id LIMIT 1)
FROM (VALUES
  (1, 'Rookie', 100::bigint, NULL::text),
  (2, 'Pro',    1000,        NULL),
  (3, 'Legend', 5000,        'Top Learner')
) AS demo (position, name, min_points, title)
WHERE NOT EXISTS (SELECT 1 FROM levels l WHERE NOT l.deleted AND (l.name = demo.name OR l.min_points = demo.min_points))
ORDER BY demo.position;
