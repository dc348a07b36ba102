-- Batches of 500 generated events (kind 'rich' like RichWorkload.generate, 'plain' like BenchWorkload.event), users
-- user-0 .. user-(:users - 1); one row per event, ord within the batch.
CREATE TABLE IF NOT EXISTS h_events (kind text, batch int, ord int, event_id text, event_name text, user_id text,
  related_entity_id text, occurred_at timestamptz, created_by text, dedupe_key text, attributes text,
  PRIMARY KEY (kind, batch, ord));
SELECT setseed(0.42) \g /dev/null
INSERT INTO h_events
SELECT 'rich', b, o, e.id, CASE WHEN e.r0 < 0.05 THEN 'rich.page.viewed' ELSE (ARRAY['rich.course.completed',
  'rich.gig.completed','rich.application.sent','rich.lesson.completed','rich.quiz.passed','rich.review.posted',
  'rich.gig.paid','rich.course.logged','rich.profile.updated','rich.module.completed','rich.session.attended',
  'rich.quiz.retaken','rich.mentor.met','rich.forum.answered'])[e.nm + 1] END,
  'user-' || e.u, e.entity, now() - random() * interval '10 days', 'system',
  coalesce('entity:' || e.entity, 'event:' || e.id), e.attrs
FROM generate_series(:first, :last) b, generate_series(1, 500) o,
LATERAL (SELECT 'rich-' || b || '-' || o AS id, floor(random() * :users)::int AS u, random() AS r0,
                floor(random() * 14)::int AS k, random() AS r1, random() AS r2) x,
LATERAL (SELECT x.id, x.u, x.r0, CASE WHEN x.r0 < 0.05 THEN -1 ELSE x.k END AS nm) y,
LATERAL (SELECT y.id, y.u, y.r0, y.nm,
  CASE y.nm WHEN 0 THEN 'course-' || floor(x.r1 * 40) WHEN 1 THEN 'gig-' || floor(x.r1 * 60) WHEN 6 THEN 'payment-' || y.id
    WHEN 9 THEN 'module-' || floor(x.r1 * 30) END AS entity,
  CASE y.nm
    WHEN 0 THEN json_build_object('score', floor(x.r2 * 101))::text
    WHEN 4 THEN json_build_object('level', (ARRAY['gold','silver','bronze'])[floor(x.r1 * 3)::int + 1])::text
    WHEN 5 THEN json_build_object('stars', floor(x.r1 * 5) + 1)::text
    WHEN 6 THEN json_build_object('amount', floor(x.r1 * 200000) / 100.0)::text
    WHEN 7 THEN json_build_object('hours', floor(x.r1 * 20) + 1)::text
    WHEN 11 THEN CASE WHEN x.r2 < 0.25 THEN '{"plan":"trial"}' END
  END AS attrs) e;
INSERT INTO h_events
SELECT 'plain', b, o, e.id, e.nm, 'user-' || e.u, e.entity, now(), 'system', coalesce('entity:' || e.entity, 'event:' || e.id), NULL
FROM generate_series(:first, :last) b, generate_series(1, 500) o,
LATERAL (SELECT 'plain-' || b || '-' || o AS id, floor(random() * :users)::int AS u, random() AS r1, floor(random() * 14)::int AS k) x,
LATERAL (SELECT x.id, x.u,
  CASE WHEN x.r1 < 0.05 THEN 'page.viewed' ELSE (ARRAY['course.completed','gig.completed','application.sent','gig.reviewed',
    'lesson.completed','quiz.passed','profile.completed','referral.joined','mentor.session_held','forum.answered',
    'streak.kept','portfolio.updated','skill.verified','certificate.earned'])[x.k + 1] END AS nm,
  CASE WHEN x.r1 >= 0.05 AND x.k % 2 = 0 THEN 'ent-' || x.id END AS entity) e;
