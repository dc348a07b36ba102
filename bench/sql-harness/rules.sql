-- The benchmark's rules: the plain workload's 20 (BenchWorkload) and the rich workload's 20 (RichWorkload.rules()).
INSERT INTO badges (name, description, icon_url) VALUES ('Rich badge', 'benchmark', 'https://cdn.gigsy.test/rich.png');
INSERT INTO titles (name, description) VALUES ('Rich title', 'benchmark');
-- plain: 14 names, one points rule each, then 6 second rules cycling points+badge, title, points
INSERT INTO gamification_rules (event_name, description, points_awarded)
SELECT n, 'plain ' || k, 5 + (k * 37) % 96
FROM unnest(ARRAY['course.completed','gig.completed','application.sent','gig.reviewed','lesson.completed','quiz.passed',
  'profile.completed','referral.joined','mentor.session_held','forum.answered','streak.kept','portfolio.updated',
  'skill.verified','certificate.earned']) WITH ORDINALITY AS x(n, k1), LATERAL (SELECT k1 - 1 AS k) kk ORDER BY k;
DO $$
DECLARE names text[] := ARRAY['course.completed','gig.completed','application.sent','gig.reviewed','lesson.completed',
  'quiz.passed']; b bigint; t bigint;
BEGIN
  FOR j IN 0..5 LOOP
    IF j % 3 = 0 THEN
      INSERT INTO badges (name, description, icon_url) VALUES ('Badge ' || j, 'benchmark badge', 'https://cdn.gigsy.test/bench.png') RETURNING id INTO b;
      INSERT INTO gamification_rules (event_name, description, points_awarded, badge_id) VALUES (names[j + 1], 'second ' || j, 10, b);
    ELSIF j % 3 = 1 THEN
      INSERT INTO titles (name, description) VALUES ('Title ' || j, 'benchmark title') RETURNING id INTO t;
      INSERT INTO gamification_rules (event_name, description, title_id) VALUES (names[j + 1], 'second ' || j, t);
    ELSE
      INSERT INTO gamification_rules (event_name, description, points_awarded) VALUES (names[j + 1], 'second ' || j, 3 + j);
    END IF;
  END LOOP;
END $$;
-- rich: 14 names, a first rule each, a second rule on the first six (the plain workload's shape)
WITH b AS (SELECT id FROM badges WHERE name = 'Rich badge'), t AS (SELECT id FROM titles WHERE name = 'Rich title')
INSERT INTO gamification_rules (event_name, description, points_awarded, badge_id, title_id, conditions, points_from_attribute,
  points_multiplier, valid_from, valid_until, cap_count, cap_period, threshold, streak_length, streak_period)
SELECT r.event_name, 'rich ' || r.i, r.points, CASE WHEN r.badge THEN (SELECT id FROM b) END,
       CASE WHEN r.title THEN (SELECT id FROM t) END, r.conditions::jsonb, r.attr, r.mult, r.vf, r.vu, r.cap, r.capp,
       r.threshold, r.slen, r.sper
FROM (VALUES
  (0, 'rich.course.completed', 50, false, false, '[]', NULL, NULL::numeric, NULL::timestamptz, NULL::timestamptz, NULL::int, NULL, NULL::int, NULL::int, NULL),
  (1, 'rich.gig.completed', 100, false, false, '[]', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (2, 'rich.application.sent', 5, false, false, '[]', NULL, NULL, NULL, NULL, 10, 'DAY', NULL, NULL, NULL),
  (3, 'rich.lesson.completed', 2, false, false, '[]', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (4, 'rich.quiz.passed', 10, false, false, '[{"attribute":"level","op":"IN","values":["gold","silver"],"numbers":[]}]', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (5, 'rich.review.posted', 1, false, false, '[]', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (6, 'rich.gig.paid', NULL, false, false, '[]', 'amount', 0.1, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (7, 'rich.course.logged', NULL, false, false, '[]', 'hours', 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (8, 'rich.profile.updated', 1, false, false, '[]', NULL, NULL, NULL, NULL, 1, 'ALL_TIME', NULL, NULL, NULL),
  (9, 'rich.module.completed', NULL, false, true, '[]', NULL, NULL, NULL, NULL, NULL, NULL, 3, NULL, NULL),
  (10, 'rich.session.attended', 30, false, false, '[]', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 2, 'WEEK'),
  (11, 'rich.quiz.retaken', 3, false, false, '[{"attribute":"plan","op":"NE","value":"trial"}]', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (12, 'rich.mentor.met', 8, false, false, '[]', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (13, 'rich.forum.answered', 6, false, false, '[]', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (14, 'rich.course.completed', 20, false, false, '[{"attribute":"score","op":"GTE","value":"90","number":"90"}]', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (15, 'rich.gig.completed', 200, true, false, '[]', NULL, NULL, NULL, NULL, NULL, NULL, 2, NULL, NULL),
  (16, 'rich.application.sent', 25, false, false, '[]', NULL, NULL, NULL, NULL, 1, 'WEEK', NULL, NULL, NULL),
  (17, 'rich.lesson.completed', NULL, false, true, '[]', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 2, 'DAY'),
  (18, 'rich.quiz.passed', 5, false, false, '[]', NULL, NULL, now() - interval '30 days', now() + interval '30 days', NULL, NULL, NULL, NULL, NULL),
  (19, 'rich.review.posted', 4, false, false, '[{"attribute":"stars","op":"GTE","value":"4","number":"4"}]', NULL, NULL, NULL, NULL, 3, 'DAY', NULL, NULL, NULL)
) AS r(i, event_name, points, badge, title, conditions, attr, mult, vf, vu, cap, capp, threshold, slen, sper)
ORDER BY r.i;
