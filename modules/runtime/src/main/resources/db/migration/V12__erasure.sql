-- Erasure of a user on request (CONTRACT §11, eraseUser): every row about the user goes, through one function that
-- the append-only triggers of points_log and audit_log let through and nothing else does.

-- Users erased, by the SHA-256 of their id (hex): the engine drops their events from then on, so a late or
-- redelivered event does not bring the data back; the audit entry of the erasure names the user by the same hash.
CREATE TABLE erased_users (
  user_sha256 text        PRIMARY KEY,
  erased_at   timestamptz NOT NULL DEFAULT now(),
  erased_by   text        NOT NULL
);

CREATE FUNCTION gamification_user_sha256(p_user_id text) RETURNS text LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT encode(sha256(convert_to(p_user_id, 'UTF8')), 'hex') $$;

-- The user whose rows the running transaction is erasing ('' or unset: none); set by gamification_erase_user only,
-- for its own transaction.
CREATE FUNCTION gamification_erasing() RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT coalesce(current_setting('gamification.erasing', true), '') $$;

-- points_log stays append-only, but for the erasure of the user whose rows they are.
CREATE OR REPLACE FUNCTION points_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW' AND OLD.user_id = gamification_erasing() THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'points_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;

-- audit_log stays append-only, but an erasure replaces the user's id in earlier entries' arguments by its hash
-- (the entry keeps the fact, not the data); nothing else of an entry may change.
CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND TG_LEVEL = 'ROW' AND gamification_erasing() <> ''
     AND OLD.arguments ->> 'userId' = gamification_erasing()
     AND NEW.arguments = (OLD.arguments - 'userId')
                         || jsonb_build_object('userIdSha256', gamification_user_sha256(gamification_erasing()))
     AND (NEW.id, NEW.actor, NEW.operation, NEW.at) = (OLD.id, OLD.actor, OLD.operation, OLD.at) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;

-- Erases user p_user_id for admin p_actor, in the caller's transaction; true when the service held anything about
-- the user (then an ERASED reward is published), false when it held nothing. Either way the user is recorded as
-- erased. Locks, in this order: the leaderboard computation's (AdvisoryLocks.LEADERBOARD, so no computation is
-- reading the totals it is about to publish), then the user's (UserLocks: no batch, backfill, adjustment or
-- revocation of the user runs meanwhile). user_totals goes first: the level job reads totals FOR KEY SHARE, so a
-- level award in flight for the user commits before this goes on, and its rows go with the others.
-- The inbox, backfill_applied, job_events and the outbox have no index by user (the event path stays cheap): erasing
-- reads them whole.
CREATE FUNCTION gamification_erase_user(p_user_id text, p_actor text) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  found_rows bigint := 0;
  n bigint;
  reward uuid := gen_random_uuid();
  unattached regclass;
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
  DELETE FROM badge_credentials WHERE user_id = p_user_id;
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
  -- the boards of a computation that failed before attaching them wait, unattached, for the next one to drop them
  FOR unattached IN
    SELECT c.oid::regclass FROM pg_class c
    WHERE c.relname ~ '^leaderboard_entries_[0-9]+_[a-z_]+$' AND c.relkind = 'r' AND NOT c.relispartition
  LOOP
    EXECUTE format('DELETE FROM %s WHERE user_id = $1 COLLATE "C"', unattached) USING p_user_id;
  END LOOP;
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
