-- Applies a batch of events in one statement (CONTRACT §3, §7, §8). Parameters are parallel arrays, one element
-- per event, event ids unique within the batch, in partition order:
--   $1 event_id  $2 event_name  $3 user_id  $4 related_entity_id  $5 occurred_at  $6 created_by  $7 dedupe_key
--   $8 attributes (a JSON object as text, or NULL)
--   $9 NULL for live events, which the inbox takes once; a rule's id when a backfill replays events the inbox already
--      holds to that rule alone (backfill_applied takes each once)
-- Returns one row per event applied now (new to the inbox, or new to the rule's backfill), with the number of
-- rewards it granted; an event id absent from the result was seen before, or is an erased user's (V12). Unique keys
-- make every insert idempotent. Each reward row takes its number from gamification_reward_seq here, in the order it is
-- inserted, and its reward id is made from that number and one random prefix per batch (V14), not drawn per row.
-- The caller holds the advisory lock of every user of the batch (lock-users.sql, earlier in the same transaction),
-- so the counters and totals read here (caps, milestones, streaks, levels) are the latest committed ones: no other
-- transaction changes them for these users until this one ends. Within the batch, events count in partition order
-- (ord); a backfill's batch is in occurredAt order.
WITH RECURSIVE ev AS (
  SELECT e.event_id, e.event_name, e.user_id, e.related_entity_id, e.occurred_at, e.created_by, e.dedupe_key,
         e.attributes::jsonb AS attributes, e.ord,
         -- a live event new to the inbox: an id no partition holds (V13); under the user's lock, so no other delivery
         -- of the event passes this together. new_live inserts exactly these (no conflict can skip one), so matches
         -- takes them from here: joining new_live's ids back to ev is a nested loop over both CTEs in the generic
         -- plan (the cached statement's, which sees arrays of unknown length: 500 × 500 rows per batch).
         -- The partitions of the coming months (InboxRetention makes them ahead, empty) are left out when the
         -- statement starts, rather than scanned for every event: a stored row's processed_at is the start of the
         -- transaction that stored it, which committed before this one took the user's lock, so before this statement
         -- began (the day is a margin for the database's clock being set back)
         ($9::bigint IS NULL AND NOT EXISTS (SELECT 1 FROM processed_events p
                                             WHERE p.event_id = e.event_id
                                               AND p.processed_at < statement_timestamp() + interval '1 day')) AS fresh
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[])
       WITH ORDINALITY AS e (event_id, event_name, user_id, related_entity_id, occurred_at, created_by, dedupe_key,
                             attributes, ord)
  -- an erased user's events are dropped (V12): late or redelivered, they do not bring the user's data back. While
  -- nobody is erased (a one-time check, an InitPlan), no user id is hashed (SHA-256 of each event's user otherwise)
  WHERE NOT EXISTS (SELECT 1 FROM erased_users)
     OR NOT EXISTS (SELECT 1 FROM erased_users x WHERE x.user_sha256 = gamification_user_sha256(e.user_id))
),
new_live AS (
  INSERT INTO processed_events (event_id, event_name, user_id, related_entity_id, occurred_at, attributes)
  SELECT event_id, event_name, user_id, related_entity_id, occurred_at, attributes FROM ev
  WHERE fresh
  ORDER BY ord
  RETURNING event_id
),
new_replayed AS (
  INSERT INTO backfill_applied (rule_id, event_id)
  SELECT $9::bigint, event_id FROM ev
  WHERE $9::bigint IS NOT NULL
  ORDER BY ord
  ON CONFLICT (rule_id, event_id) DO NOTHING
  RETURNING event_id
),
new_events AS (
  SELECT event_id FROM new_live UNION ALL SELECT event_id FROM new_replayed
),
matches AS (
  -- every pair of a new event and an active rule it matches (a backfill: its rule only): its name, the rule's window,
  -- every condition, and a number in the attribute the points come from; points below 1 are none (the rule's other
  -- rewards still count)
  SELECT ev.ord, ev.event_id, ev.user_id, ev.related_entity_id, ev.dedupe_key, ev.occurred_at, ev.created_by,
         r.id AS rule_id, r.badge_id, r.title_id, r.cap_count, r.cap_period, r.threshold, r.streak_length,
         r.streak_period, r.reverses,
         CASE
           WHEN r.points_from_attribute IS NULL THEN r.points_awarded
           WHEN floor((ev.attributes ->> r.points_from_attribute)::numeric * coalesce(r.points_multiplier, 1)) >= 1
             THEN least(floor((ev.attributes ->> r.points_from_attribute)::numeric * coalesce(r.points_multiplier, 1)),
                        1000000)::integer
         END AS points,
         (r.points_awarded IS NOT NULL OR r.points_from_attribute IS NOT NULL) AS pays
  FROM ev
  JOIN gamification_rules r ON r.event_name = ev.event_name AND r.active AND ($9::bigint IS NULL OR r.id = $9::bigint)
  WHERE (ev.fresh OR ev.event_id IN (SELECT event_id FROM new_replayed))
    AND (r.valid_from IS NULL OR ev.occurred_at >= r.valid_from)
    AND (r.valid_until IS NULL OR ev.occurred_at < r.valid_until)
    AND (r.points_from_attribute IS NULL OR jsonb_typeof(ev.attributes -> r.points_from_attribute) = 'number')
    -- every condition holds: gamification_conditions_hold (V9), spelled out here because PostgreSQL runs that SQL
    -- function (not inlinable: it has a subquery) per pair, and re-plans the gamification_condition_holds it calls
    -- at every call (~140 µs a pair); here gamification_condition_holds is planned once for the statement (~10 µs)
    AND (r.conditions = '[]'::jsonb
         OR NOT EXISTS (SELECT 1 FROM jsonb_array_elements(r.conditions) c
                        WHERE NOT gamification_condition_holds(ev.attributes -> (c ->> 'attribute'), c)))
),
capped AS (
  -- candidates of capped rules, numbered per user and rule in partition order: matching events, without those
  -- whose dedupe key the rule already paid for (a rule without points has no dedupe: every event is a candidate)
  SELECT m.*, gamification_cap_period(m.cap_period, m.occurred_at) AS period,
         row_number() OVER (PARTITION BY m.user_id, m.rule_id ORDER BY m.ord) AS step
  FROM matches m
  WHERE m.cap_count IS NOT NULL
    AND NOT (m.pays AND EXISTS (SELECT 1 FROM points_log l
                                WHERE l.user_id = m.user_id AND l.rule_id = m.rule_id AND l.dedupe_key = m.dedupe_key))
),
capped_walk (user_id, rule_id, step, fires, paid_keys, grants) AS (
  -- the candidates of each user and rule one after the other, as the contract orders them: a candidate fires when
  -- its key was not paid for earlier in the batch and its period still has room; grants = grants per period so far
  -- (a JSON object, period -> count, starting from the stored counters)
  SELECT c.user_id, c.rule_id, 0::bigint, false, ARRAY[]::text[],
         jsonb_object_agg(c.period::text, coalesce(k.grants, 0))
  FROM (SELECT DISTINCT user_id, rule_id, period FROM capped) c
  LEFT JOIN rule_cap_counters k ON k.user_id = c.user_id AND k.rule_id = c.rule_id AND k.period = c.period
  GROUP BY c.user_id, c.rule_id
  UNION ALL
  SELECT w.user_id, w.rule_id, c.step, f.fires,
         CASE WHEN f.fires AND c.pays THEN w.paid_keys || c.dedupe_key ELSE w.paid_keys END,
         CASE WHEN f.fires
           THEN jsonb_set(w.grants, ARRAY[c.period::text], to_jsonb((w.grants ->> c.period::text)::integer + 1))
           ELSE w.grants END
  FROM capped_walk w
  JOIN capped c ON c.user_id = w.user_id AND c.rule_id = w.rule_id AND c.step = w.step + 1
  CROSS JOIN LATERAL (
    SELECT NOT (c.pays AND c.dedupe_key = ANY (w.paid_keys)) AND (w.grants ->> c.period::text)::integer < c.cap_count
           AS fires
  ) f
),
capped_fires AS (
  -- the candidates that fire; those past the cap grant nothing, now or later (their events are processed)
  SELECT c.*
  FROM capped c
  JOIN capped_walk w ON w.user_id = c.user_id AND w.rule_id = c.rule_id AND w.step = c.step
  WHERE w.fires
),
cap_counts AS (
  INSERT INTO rule_cap_counters AS t (user_id, rule_id, period, grants)
  SELECT user_id, rule_id, period, count(*) FROM capped_fires GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (user_id, rule_id, period) DO UPDATE SET grants = t.grants + excluded.grants
),
milestone_keys AS (
  -- the dedupe keys new to a milestone rule, each at its first event in partition order, numbered from the
  -- user's count so far: the event that reaches the threshold completes the milestone
  SELECT k.*, coalesce(p.count, 0) + row_number() OVER (PARTITION BY k.user_id, k.rule_id ORDER BY k.ord) AS reached,
         p.completed_at
  FROM (
    SELECT DISTINCT ON (m.user_id, m.rule_id, m.dedupe_key) m.*
    FROM matches m
    WHERE m.threshold IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM rule_keys k
                      WHERE k.user_id = m.user_id AND k.rule_id = m.rule_id AND k.dedupe_key = m.dedupe_key)
    ORDER BY m.user_id, m.rule_id, m.dedupe_key, m.ord
  ) k
  LEFT JOIN rule_progress p ON p.user_id = k.user_id AND p.rule_id = k.rule_id
),
kept_keys AS (
  INSERT INTO rule_keys (user_id, rule_id, dedupe_key)
  SELECT user_id, rule_id, dedupe_key FROM milestone_keys ORDER BY 1, 2, 3
),
milestone_fires AS (
  SELECT * FROM milestone_keys WHERE reached = threshold AND completed_at IS NULL
),
milestone_progress AS (
  INSERT INTO rule_progress AS t (user_id, rule_id, count, completed_at)
  SELECT user_id, rule_id, count(*), CASE WHEN bool_or(reached = threshold) THEN now() END
  FROM milestone_keys GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (user_id, rule_id) DO UPDATE
    SET count = t.count + excluded.count, completed_at = coalesce(t.completed_at, excluded.completed_at)
),
streak_events AS (
  -- the periods newly marked for a streak rule, each at its first event in partition order
  SELECT DISTINCT ON (m.user_id, m.rule_id, p.period)
         m.*, p.period, gamification_period_number(m.streak_period, p.period) AS number
  FROM matches m
  CROSS JOIN LATERAL (SELECT gamification_period_start(m.streak_period, m.occurred_at) AS period) p
  WHERE m.streak_length IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM streak_marks s
                    WHERE s.user_id = m.user_id AND s.rule_id = m.rule_id AND s.period = p.period)
  ORDER BY m.user_id, m.rule_id, p.period, m.ord
),
kept_marks AS (
  INSERT INTO streak_marks (user_id, rule_id, period)
  SELECT user_id, rule_id, period FROM streak_events ORDER BY 1, 2, 3
),
streak_runs AS (
  -- for each new mark, the run of consecutive marked periods through it once the marks of the events up to its own
  -- (in partition order) are in: the first mark whose run reaches the rule's length completes the streak
  SELECT e.*, r.run
  FROM streak_events e
  CROSS JOIN LATERAL (
    WITH islands AS (
      SELECT n, n - row_number() OVER (ORDER BY n) AS island
      FROM (
        SELECT gamification_period_number(e.streak_period, s.period) AS n
        FROM streak_marks s WHERE s.user_id = e.user_id AND s.rule_id = e.rule_id
        UNION ALL
        SELECT o.number FROM streak_events o WHERE o.user_id = e.user_id AND o.rule_id = e.rule_id AND o.ord <= e.ord
      ) marks
    )
    SELECT count(*) AS run FROM islands WHERE island = (SELECT island FROM islands WHERE n = e.number)
  ) r
),
streak_fires AS (
  SELECT DISTINCT ON (s.user_id, s.rule_id) s.*
  FROM streak_runs s
  LEFT JOIN streak_progress p ON p.user_id = s.user_id AND p.rule_id = s.rule_id
  WHERE s.run >= s.streak_length AND p.completed_at IS NULL
  ORDER BY s.user_id, s.rule_id, s.ord
),
streak_progress_now AS (
  -- the progress of every streak that gained a mark, over all its marks: the longest run, the latest marked period
  -- and the run ending at it
  SELECT t.user_id, t.rule_id, x.longest, x.last_period, x.last_run,
         CASE WHEN EXISTS (SELECT 1 FROM streak_fires f WHERE f.user_id = t.user_id AND f.rule_id = t.rule_id)
           THEN now() END AS completed_at
  FROM (SELECT DISTINCT user_id, rule_id, streak_period FROM streak_events) t
  CROSS JOIN LATERAL (
    WITH islands AS (
      SELECT period, gamification_period_number(t.streak_period, period)
                     - row_number() OVER (ORDER BY period) AS island
      FROM (
        SELECT s.period FROM streak_marks s WHERE s.user_id = t.user_id AND s.rule_id = t.rule_id
        UNION ALL
        SELECT o.period FROM streak_events o WHERE o.user_id = t.user_id AND o.rule_id = t.rule_id
      ) marks
    ),
    runs AS (SELECT count(*)::integer AS length, max(period) AS last FROM islands GROUP BY island)
    SELECT max(length) AS longest, max(last) AS last_period,
           (SELECT length FROM runs ORDER BY last DESC LIMIT 1) AS last_run
    FROM runs
  ) x
),
streak_saved AS (
  INSERT INTO streak_progress AS t (user_id, rule_id, longest, last_period, last_run, completed_at)
  SELECT user_id, rule_id, longest, last_period, last_run, completed_at FROM streak_progress_now ORDER BY 1, 2
  ON CONFLICT (user_id, rule_id) DO UPDATE
    SET longest = excluded.longest, last_period = excluded.last_period, last_run = excluded.last_run,
        completed_at = coalesce(t.completed_at, excluded.completed_at)
),
fires AS (
  -- what each new event grants: plain rules as §3 says; capped rules within their cap; milestones and streaks
  -- once per user, their points under the dedupe key 'once' (the log's unique key holds them to one)
  SELECT ord, event_id, user_id, related_entity_id, dedupe_key, occurred_at, created_by, rule_id, points, badge_id,
         title_id
  FROM matches WHERE cap_count IS NULL AND threshold IS NULL AND streak_length IS NULL AND reverses IS NULL
  UNION ALL
  SELECT ord, event_id, user_id, related_entity_id, dedupe_key, occurred_at, created_by, rule_id, points, badge_id,
         title_id
  FROM capped_fires
  UNION ALL
  SELECT ord, event_id, user_id, related_entity_id, 'once', occurred_at, created_by, rule_id, points, badge_id, title_id
  FROM milestone_fires
  UNION ALL
  SELECT ord, event_id, user_id, related_entity_id, 'once', occurred_at, created_by, rule_id, points, badge_id, title_id
  FROM streak_fires
),
ids AS (
  -- one random prefix for the reward ids of the batch; each id ends with its row's number (V14)
  SELECT gamification_reward_id_prefix() AS prefix
),
points_numbered AS (
  -- the entries' numbers (ids) in partition order: nextval runs after the sort (a volatile output of an ordered query)
  SELECT nextval('gamification_reward_seq') AS id, f.*
  FROM fires f WHERE f.points IS NOT NULL
  ORDER BY f.ord, f.rule_id
),
granted_points AS (
  INSERT INTO points_log (id, user_id, points, rule_id, event_id, related_entity_id, dedupe_key, occurred_at,
                          created_by, reward_id)
  OVERRIDING SYSTEM VALUE
  SELECT n.id, n.user_id, n.points, n.rule_id, n.event_id, n.related_entity_id, n.dedupe_key, n.occurred_at,
         n.created_by, gamification_reward_id(i.prefix, n.id)
  FROM points_numbered n CROSS JOIN ids i
  ORDER BY n.id
  ON CONFLICT ON CONSTRAINT points_once_per_user_rule_key DO NOTHING
  RETURNING user_id, points, rule_id, event_id, related_entity_id, occurred_at, created_at, reward_id, kind
),
gains AS (
  SELECT g.*, e.ord FROM granted_points g JOIN ev e USING (event_id)
),
reversal_steps AS (
  -- reversal rules: every matching event with an entity whose reversal the log does not hold yet, numbered per user in
  -- partition order, with what the reversed rule granted for that entity before that event and the user's total
  -- before it
  SELECT c.*, row_number() OVER (PARTITION BY c.user_id ORDER BY c.ord, c.rule_id) AS step,
         c.reverses || ':' || c.related_entity_id AS reversal_key,
         coalesce((SELECT sum(l.points) FROM points_log l
                   WHERE l.user_id = c.user_id AND l.rule_id = c.reverses AND l.kind = 'RULE'
                     AND l.related_entity_id = c.related_entity_id), 0)
         + coalesce((SELECT sum(g.points) FROM gains g
                     WHERE g.user_id = c.user_id AND g.rule_id = c.reverses AND g.related_entity_id = c.related_entity_id
                       AND g.ord < c.ord), 0) AS granted,
         coalesce((SELECT t.total_points FROM user_totals t WHERE t.user_id = c.user_id), 0)
         + coalesce((SELECT sum(g.points) FROM gains g WHERE g.user_id = c.user_id AND g.ord < c.ord), 0) AS total_before
  FROM matches c
  WHERE c.reverses IS NOT NULL AND c.related_entity_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM points_log l
                    WHERE l.user_id = c.user_id AND l.rule_id = c.reverses
                      AND l.dedupe_key = 'reversal:entity:' || c.related_entity_id)
),
reversal_walk (user_id, step, takeback, taken, reversed) AS (
  -- each user's candidates one after the other: one takes back what was granted, at most what keeps the total at 0,
  -- unless an earlier one of the batch reversed the same rule and entity (a reversal with nothing to take back does
  -- nothing, and a later one may still take back what was granted meanwhile)
  SELECT DISTINCT user_id, 0::bigint, 0::bigint, 0::bigint, ARRAY[]::text[] FROM reversal_steps
  UNION ALL
  SELECT w.user_id, s.step, t.takeback, w.taken + t.takeback,
         CASE WHEN t.takeback > 0 THEN w.reversed || s.reversal_key ELSE w.reversed END
  FROM reversal_walk w
  JOIN reversal_steps s ON s.user_id = w.user_id AND s.step = w.step + 1
  CROSS JOIN LATERAL (
    SELECT CASE WHEN s.reversal_key = ANY (w.reversed) THEN 0
                ELSE greatest(0, least(s.granted, s.total_before - w.taken)) END AS takeback
  ) t
),
reversals_numbered AS (
  SELECT nextval('gamification_reward_seq') AS id, s.*, w.takeback
  FROM reversal_steps s
  JOIN reversal_walk w ON w.user_id = s.user_id AND w.step = s.step
  WHERE w.takeback > 0
  ORDER BY s.ord
),
reversed_points AS (
  INSERT INTO points_log (id, user_id, points, rule_id, event_id, related_entity_id, dedupe_key, occurred_at,
                          created_by, kind, reward_id)
  OVERRIDING SYSTEM VALUE
  SELECT n.id, n.user_id, -n.takeback::integer, n.reverses, n.event_id, n.related_entity_id,
         'reversal:entity:' || n.related_entity_id, n.occurred_at, n.created_by, 'REVERSAL',
         gamification_reward_id(i.prefix, n.id)
  FROM reversals_numbered n CROSS JOIN ids i
  ORDER BY n.id
  ON CONFLICT ON CONSTRAINT points_once_per_user_rule_key DO NOTHING
  RETURNING user_id, points, rule_id, event_id, related_entity_id, occurred_at, created_at, reward_id, kind
),
all_points AS (
  SELECT * FROM granted_points UNION ALL SELECT * FROM reversed_points
),
running_totals AS (
  -- each user's total after each of the batch's entries, in partition order, from the stored total; none when no
  -- level exists (a one-time check: otherwise every entry costs a read of user_totals and the sort, for nothing)
  SELECT p.user_id, p.event_id, e.ord,
         coalesce(t.total_points, 0)
           + sum(p.points) OVER (PARTITION BY p.user_id ORDER BY e.ord, p.rule_id ROWS UNBOUNDED PRECEDING) AS total
  FROM all_points p
  JOIN ev e USING (event_id)
  LEFT JOIN user_totals t ON t.user_id = p.user_id
  WHERE EXISTS (SELECT 1 FROM levels l WHERE NOT l.deleted)
),
reached AS (
  -- the levels a user's total reached in the batch and they had not reached before, at the first event reaching each
  SELECT DISTINCT ON (r.user_id, l.id) r.user_id, l.id AS level_id, r.event_id, r.ord, l.badge_id, l.title_id
  FROM running_totals r
  JOIN levels l ON NOT l.deleted AND l.min_points <= r.total
  WHERE NOT EXISTS (SELECT 1 FROM user_levels u WHERE u.user_id = r.user_id AND u.level_id = l.id)
  ORDER BY r.user_id, l.id, r.ord
),
levels_numbered AS (
  SELECT nextval('gamification_reward_seq') AS seq, r.* FROM reached r ORDER BY r.user_id, r.level_id
),
new_levels AS (
  INSERT INTO user_levels (user_id, level_id, event_id, seq, reward_id)
  SELECT n.user_id, n.level_id, n.event_id, n.seq, gamification_reward_id(i.prefix, n.seq)
  FROM levels_numbered n CROSS JOIN ids i
  ORDER BY n.seq
  ON CONFLICT (user_id, level_id) DO NOTHING
  RETURNING user_id, level_id, event_id, reached_at, reward_id
),
awards AS (
  -- badges and titles: the rules', and the levels' (named by the built-in LEVEL rule and the level)
  SELECT ord, user_id, rule_id, event_id, created_by, badge_id, title_id, NULL::bigint AS level_id FROM fires
  UNION ALL
  SELECT r.ord, r.user_id, gamification_built_in_rule('LEVEL'), r.event_id, 'system', r.badge_id, r.title_id, r.level_id
  FROM reached r JOIN new_levels n ON n.user_id = r.user_id AND n.level_id = r.level_id
),
badges_numbered AS (
  -- each badge at its first award of the batch, unless the user holds it already: only new ones take a number
  SELECT nextval('gamification_reward_seq') AS seq, a.*
  FROM (SELECT DISTINCT ON (user_id, badge_id) user_id, badge_id, rule_id, event_id, created_by, level_id
        FROM awards WHERE badge_id IS NOT NULL
        ORDER BY user_id, badge_id, ord, rule_id) a
  WHERE NOT EXISTS (SELECT 1 FROM user_badges h WHERE h.user_id = a.user_id AND h.badge_id = a.badge_id)
),
granted_badges AS (
  INSERT INTO user_badges (user_id, badge_id, rule_id, event_id, created_by, level_id, seq, reward_id)
  SELECT n.user_id, n.badge_id, n.rule_id, n.event_id, n.created_by, n.level_id, n.seq,
         gamification_reward_id(i.prefix, n.seq)
  FROM badges_numbered n CROSS JOIN ids i
  ORDER BY n.seq
  ON CONFLICT (user_id, badge_id) DO NOTHING
  RETURNING user_id, badge_id, rule_id, event_id, awarded_at, reward_id
),
titles_numbered AS (
  -- each title at its first award of the batch, unless the user holds it already: only new ones take a number
  SELECT nextval('gamification_reward_seq') AS seq, a.*
  FROM (SELECT DISTINCT ON (user_id, title_id) user_id, title_id, rule_id, event_id, created_by, level_id
        FROM awards WHERE title_id IS NOT NULL
        ORDER BY user_id, title_id, ord, rule_id) a
  WHERE NOT EXISTS (SELECT 1 FROM user_titles h WHERE h.user_id = a.user_id AND h.title_id = a.title_id)
),
granted_titles AS (
  INSERT INTO user_titles (user_id, title_id, rule_id, event_id, created_by, level_id, seq, reward_id)
  SELECT n.user_id, n.title_id, n.rule_id, n.event_id, n.created_by, n.level_id, n.seq,
         gamification_reward_id(i.prefix, n.seq)
  FROM titles_numbered n CROSS JOIN ids i
  ORDER BY n.seq
  ON CONFLICT (user_id, title_id) DO NOTHING
  RETURNING user_id, title_id, rule_id, event_id, awarded_at, reward_id
),
deltas AS (
  SELECT user_id, sum(points)::bigint AS delta FROM all_points GROUP BY user_id
),
totals_updated AS (
  -- an update, not an upsert: PostgreSQL checks the row an upsert proposes (here a negative delta) before it finds
  -- the conflict, whereas the total never goes below zero (user_totals' check, on the updated row)
  UPDATE user_totals t SET total_points = t.total_points + d.delta, updated_at = now()
  FROM deltas d WHERE t.user_id = d.user_id
  RETURNING t.user_id
),
totals_inserted AS (
  -- a user's first points: their total before was 0, so reversals took nothing back and the delta is not negative.
  -- The users the update did not find (under their locks, the same as those user_totals lacks): a hashed subplan
  -- over the update's ids, rather than a second read of user_totals' index per user
  INSERT INTO user_totals (user_id, total_points)
  SELECT d.user_id, d.delta FROM deltas d
  WHERE d.user_id NOT IN (SELECT u.user_id FROM totals_updated u)
  ORDER BY d.user_id
),
rewards AS (
  SELECT 'POINTS' AS type, reward_id, user_id, rule_id, event_id, related_entity_id, points, NULL::bigint AS badge_id,
         NULL::bigint AS title_id, NULL::bigint AS level_id, kind, created_at AS awarded_at
  FROM all_points
  UNION ALL
  SELECT 'BADGE', b.reward_id, b.user_id, b.rule_id, b.event_id, ev.related_entity_id, NULL, b.badge_id, NULL, NULL, NULL,
         b.awarded_at
  FROM granted_badges b JOIN ev USING (event_id)
  UNION ALL
  SELECT 'TITLE', t.reward_id, t.user_id, t.rule_id, t.event_id, ev.related_entity_id, NULL, NULL, t.title_id, NULL, NULL,
         t.awarded_at
  FROM granted_titles t JOIN ev USING (event_id)
  UNION ALL
  SELECT 'LEVEL', l.reward_id, l.user_id, gamification_built_in_rule('LEVEL'), l.event_id, ev.related_entity_id, NULL, NULL,
         NULL, l.level_id, NULL, l.reached_at
  FROM new_levels l JOIN ev USING (event_id)
),
outbox AS (
  -- one row for the whole batch: its rewards as parallel arrays (the relay renders each one's JSON)
  INSERT INTO reward_outbox (rewards, reward_ids, types, user_ids, rule_ids, event_ids, related_entity_ids, points,
                             badge_ids, title_ids, level_ids, kinds, awarded_at)
  SELECT count(*), array_agg(reward_id), array_agg(type), array_agg(user_id), array_agg(rule_id), array_agg(event_id),
         array_agg(related_entity_id), array_agg(points), array_agg(badge_id), array_agg(title_id), array_agg(level_id),
         array_agg(kind), array_agg(awarded_at)
  FROM rewards
  HAVING count(*) > 0
)
SELECT n.event_id, count(r.reward_id)::int AS rewards
FROM new_events n LEFT JOIN rewards r USING (event_id)
GROUP BY n.event_id
