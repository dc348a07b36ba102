-- An erasure made again (CONTRACT §11, eraseUser) keeps the ERASED record of the earlier one in the outbox. V11's
-- gamification_erase_user deleted every outbox row of the user alone, that record too: made again before the relay had
-- published it (the relay behind, the broker away, an admin retrying an answer lost to a crash), the second erasure,
-- which finds nothing and publishes nothing, took it away, and consumers never heard of the erasure. Otherwise as V11.

CREATE OR REPLACE FUNCTION gamification_erase_user(p_user_id text, p_actor text) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  found_rows bigint := 0;
  n bigint;
  reward uuid := gen_random_uuid();
BEGIN
  PERFORM pg_advisory_xact_lock(7449355558105710594);
  PERFORM pg_advisory_xact_lock(1734438249, hashtext(p_user_id));
  PERFORM set_config('gamification.erasing', p_user_id, true);

  DELETE FROM user_totals WHERE user_id = p_user_id;
  GET DIAGNOSTICS n = ROW_COUNT; found_rows := found_rows + n;
  DELETE FROM user_daily_totals d
  USING (SELECT DISTINCT gamification_period_start('DAY', l.occurred_at) AS day
         FROM points_log l WHERE l.user_id = p_user_id) days
  WHERE d.day = days.day AND d.user_id = p_user_id;
  DELETE FROM points_log WHERE user_id = p_user_id;
  GET DIAGNOSTICS n = ROW_COUNT; found_rows := found_rows + n;
  DELETE FROM user_badges WHERE user_id = p_user_id;
  GET DIAGNOSTICS n = ROW_COUNT; found_rows := found_rows + n;
  DELETE FROM user_titles WHERE user_id = p_user_id;
  GET DIAGNOSTICS n = ROW_COUNT; found_rows := found_rows + n;
  DELETE FROM badge_revocations WHERE user_id = p_user_id;
  GET DIAGNOSTICS n = ROW_COUNT; found_rows := found_rows + n;
  DELETE FROM title_revocations WHERE user_id = p_user_id;
  GET DIAGNOSTICS n = ROW_COUNT; found_rows := found_rows + n;
  DELETE FROM user_levels WHERE user_id = p_user_id;
  GET DIAGNOSTICS n = ROW_COUNT; found_rows := found_rows + n;
  DELETE FROM rule_cap_counters WHERE user_id = p_user_id;
  DELETE FROM rule_keys WHERE user_id = p_user_id;
  DELETE FROM rule_progress WHERE user_id = p_user_id;
  DELETE FROM streak_marks WHERE user_id = p_user_id;
  DELETE FROM streak_progress WHERE user_id = p_user_id;

  WITH events AS (
    DELETE FROM processed_events WHERE user_id = p_user_id RETURNING event_id
  ),
  replayed AS (
    DELETE FROM backfill_applied b USING events e WHERE b.event_id = e.event_id
  ),
  queued AS (
    DELETE FROM job_events j USING events e WHERE j.event_id = e.event_id
  )
  SELECT count(*) INTO n FROM events;
  found_rows := found_rows + n;

  DELETE FROM leaderboard_entries
  WHERE hashtext(user_id) = hashtext(p_user_id) AND user_id = p_user_id COLLATE "C";
  GET DIAGNOSTICS n = ROW_COUNT; found_rows := found_rows + n;
  DELETE FROM leaderboard_exclusions WHERE user_id = p_user_id;
  GET DIAGNOSTICS n = ROW_COUNT; found_rows := found_rows + n;
  -- the api instances' copies of the boards' tops depend on this version: they drop the user within a second
  UPDATE leaderboard_exclusions_version SET version = version + 1;

  -- the user's rewards leave the outbox: a row a relay is publishing is locked until it is marked published, so this
  -- waits for it; nothing of the user is published after the ERASED record below. A row of theirs alone goes, but the
  -- ERASED record of an earlier erasure: not published yet, it is the one consumers are to get (this one publishes none).
  DELETE FROM reward_outbox
  WHERE p_user_id = ANY (user_ids) AND user_ids <@ ARRAY[p_user_id] AND NOT types <@ ARRAY['ERASED'];
  UPDATE reward_outbox o
  SET rewards = k.rewards, reward_ids = k.reward_ids, types = k.types, user_ids = k.user_ids, rule_ids = k.rule_ids,
      event_ids = k.event_ids, related_entity_ids = k.related_entity_ids, points = k.points, badge_ids = k.badge_ids,
      title_ids = k.title_ids, level_ids = k.level_ids, kinds = k.kinds, awarded_at = k.awarded_at
  FROM (SELECT c.id, count(*) AS rewards, array_agg(r.reward_id ORDER BY r.n) AS reward_ids,
               array_agg(r.type ORDER BY r.n) AS types, array_agg(r.user_id ORDER BY r.n) AS user_ids,
               array_agg(r.rule_id ORDER BY r.n) AS rule_ids, array_agg(r.event_id ORDER BY r.n) AS event_ids,
               array_agg(r.related_entity_id ORDER BY r.n) AS related_entity_ids,
               array_agg(r.points ORDER BY r.n) AS points, array_agg(r.badge_id ORDER BY r.n) AS badge_ids,
               array_agg(r.title_id ORDER BY r.n) AS title_ids, array_agg(r.level_id ORDER BY r.n) AS level_ids,
               array_agg(r.kind ORDER BY r.n) AS kinds, array_agg(r.awarded_at ORDER BY r.n) AS awarded_at
        FROM reward_outbox c
        CROSS JOIN LATERAL unnest(c.reward_ids, c.types, c.user_ids, c.rule_ids, c.event_ids, c.related_entity_ids,
                                  c.points, c.badge_ids, c.title_ids, c.level_ids, c.kinds, c.awarded_at)
          WITH ORDINALITY AS r (reward_id, type, user_id, rule_id, event_id, related_entity_id, points, badge_id,
                                title_id, level_id, kind, awarded_at, n)
        WHERE p_user_id = ANY (c.user_ids) AND r.user_id <> p_user_id
        GROUP BY c.id) k
  WHERE o.id = k.id;

  UPDATE audit_log
  SET arguments = (arguments - 'userId') || jsonb_build_object('userIdSha256', gamification_user_sha256(p_user_id))
  WHERE arguments ->> 'userId' = p_user_id;

  INSERT INTO erased_users (user_sha256, erased_by) VALUES (gamification_user_sha256(p_user_id), p_actor)
  ON CONFLICT (user_sha256) DO NOTHING;

  IF found_rows > 0 THEN
    PERFORM gamification_publish(reward, 'ERASED', p_user_id, gamification_built_in_rule('ERASURE'),
                                 'erasure-' || reward, NULL, NULL, NULL, NULL, NULL, NULL, now());
  END IF;
  PERFORM set_config('gamification.erasing', '', true);
  RETURN found_rows > 0;
END;
$$;
