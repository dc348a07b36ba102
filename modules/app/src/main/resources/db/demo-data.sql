-- The demo rule set of dev mode (GAMIFICATION_DEMO_DATA). Idempotent: every row is inserted only when a
-- row with the same name (badges, titles) or the same event and description (rules) is missing, so a
-- restart adds nothing and an admin's edits to other columns are kept. Run under an advisory lock.

INSERT INTO badges (name, description, icon_url)
SELECT 'First Gig', 'Completed a first gig on Gigsy', 'https://api.iconify.design/mdi/briefcase-check.svg'
WHERE NOT EXISTS (SELECT 1 FROM badges WHERE name = 'First Gig');

INSERT INTO titles (name, description)
SELECT 'Top Learner', 'Keeps learning: completed a course on Gigsy'
WHERE NOT EXISTS (SELECT 1 FROM titles WHERE name = 'Top Learner');

INSERT INTO gamification_rules (event_name, description, points_awarded, badge_id, title_id)
SELECT demo.event_name, demo.description, demo.points_awarded,
       (SELECT id FROM badges WHERE name = demo.badge ORDER BY id LIMIT 1),
       (SELECT id FROM titles WHERE name = demo.title ORDER BY id LIMIT 1)
FROM (VALUES
  (1, 'course.completed', '50 points for completing a course',              50::integer,   NULL::text,  NULL::text),
  (2, 'course.completed', 'The title Top Learner for completing a course', NULL::integer, NULL::text,  'Top Learner'),
  (3, 'gig.completed',    '100 points and the First Gig badge for a gig',  100::integer,  'First Gig', NULL::text),
  (4, 'application.sent', '5 points for sending an application',           5::integer,    NULL::text,  NULL::text)
) AS demo (position, event_name, description, points_awarded, badge, title)
WHERE NOT EXISTS (
  SELECT 1 FROM gamification_rules r WHERE r.event_name = demo.event_name AND r.description = demo.description)
ORDER BY demo.position;
