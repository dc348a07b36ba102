-- Levels, corrections, backfill, audit and reward history (CONTRACT §8).

-- Built-in rules name what granted a reward that no rule of the catalog did: an admin's adjustment, a level, a
-- revocation, an erasure. Every reward keeps naming a rule (GamificationRule! and Reward.ruleId: ID! stay non-null).
-- They never match an event (inactive, and they cannot be activated: the API refuses to change them).
ALTER TABLE gamification_rules ADD COLUMN built_in text UNIQUE CHECK (built_in IN ('ADJUSTMENT', 'LEVEL', 'REVOCATION', 'ERASURE'));
ALTER TABLE gamification_rules ADD CONSTRAINT rule_built_in_inactive CHECK (built_in IS NULL OR NOT active);

-- A reversal rule takes back, for a matching event, the points rule `reverses` granted the same user for the same
-- entity; it has no other reward.
ALTER TABLE gamification_rules ADD COLUMN reverses bigint REFERENCES gamification_rules (id);
ALTER TABLE gamification_rules ADD CONSTRAINT rule_reversal_only CHECK (reverses IS NULL OR (
  points_awarded IS NULL AND points_from_attribute IS NULL AND badge_id IS NULL AND title_id IS NULL
  AND cap_count IS NULL AND threshold IS NULL AND streak_length IS NULL));
ALTER TABLE gamification_rules DROP CONSTRAINT rule_awards_something;
ALTER TABLE gamification_rules ADD CONSTRAINT rule_awards_something CHECK (built_in IS NOT NULL OR reverses IS NOT NULL
  OR points_awarded IS NOT NULL OR points_from_attribute IS NOT NULL OR badge_id IS NOT NULL OR title_id IS NOT NULL);

INSERT INTO gamification_rules (event_name, description, active, built_in) VALUES
  ('gamification.adjustment', 'Built in: points an admin adjusted (adjustPoints)', false, 'ADJUSTMENT'),
  ('gamification.level', 'Built in: a level reached, and its badge and title', false, 'LEVEL'),
  ('gamification.revocation', 'Built in: a badge or title an admin revoked', false, 'REVOCATION'),
  ('gamification.erasure', 'Built in: a user erased on request', false, 'ERASURE');

-- Rule ids of the built-in rules, by what they stand for.
CREATE FUNCTION gamification_built_in_rule(p_kind text) RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT id FROM gamification_rules WHERE built_in = p_kind $$;

-- Every entry of the log is of a kind: points a rule granted (positive), an admin's adjustment (either sign, with a
-- reason), or a reversal taking points back (negative). reward_id is the id the rewards topic carries for it (NULL
-- for entries written before this version: their topic id was not kept).
ALTER TABLE points_log
  ADD COLUMN kind      text NOT NULL DEFAULT 'RULE' CHECK (kind IN ('RULE', 'ADJUSTMENT', 'REVERSAL')),
  ADD COLUMN reason    text,
  ADD COLUMN reward_id uuid;
ALTER TABLE points_log DROP CONSTRAINT points_log_points_check;
ALTER TABLE points_log ADD CONSTRAINT points_log_points_by_kind CHECK (
  (kind = 'RULE' AND points > 0) OR (kind = 'ADJUSTMENT' AND points <> 0) OR (kind = 'REVERSAL' AND points < 0)) NOT VALID;
-- An adjustment's key is its own ('adjustment:' + reward id); a reversal's is 'reversal:' + the reversed key, so the
-- log's unique key holds a reversal to once per user, reversed rule and entity.
ALTER TABLE points_log DROP CONSTRAINT points_log_dedupe_key_check;
ALTER TABLE points_log ADD CONSTRAINT points_log_dedupe_key_check CHECK (dedupe_key LIKE 'entity:%'
  OR dedupe_key LIKE 'event:%' OR dedupe_key = 'once' OR dedupe_key LIKE 'adjustment:%' OR dedupe_key LIKE 'reversal:%')
  NOT VALID;

-- Adjustments and reversals count by their time in every window, and may take a day below zero (the boards rank
-- positive totals only); the all-time total never goes below zero (user_totals keeps its check).
ALTER TABLE user_daily_totals DROP CONSTRAINT user_daily_totals_total_points_check;

-- One sequence orders every reward of a user, whatever its table: the rewards history pages by it.
ALTER SEQUENCE points_log_id_seq RENAME TO gamification_reward_seq;

-- Awards keep the topic's reward id and their place in the history; a level's badge or title names the level.
ALTER TABLE user_badges
  ADD COLUMN reward_id uuid NOT NULL DEFAULT gen_random_uuid(),
  ADD COLUMN seq       bigint NOT NULL DEFAULT nextval('gamification_reward_seq'),
  ADD COLUMN level_id  bigint;
ALTER TABLE user_titles
  ADD COLUMN reward_id uuid NOT NULL DEFAULT gen_random_uuid(),
  ADD COLUMN seq       bigint NOT NULL DEFAULT nextval('gamification_reward_seq'),
  ADD COLUMN level_id  bigint;

-- A revoked award leaves user_badges / user_titles (so a later qualifying event may grant it again) for these
-- tables, with the revocation: the history keeps both the award and its revocation.
CREATE TABLE badge_revocations (
  user_id           text        NOT NULL,
  badge_id          bigint      NOT NULL REFERENCES badges (id),
  rule_id           bigint      NOT NULL,
  event_id          text,
  level_id          bigint,
  awarded_at        timestamptz NOT NULL,
  reward_id         uuid        NOT NULL,
  seq               bigint      NOT NULL,
  revoked_at        timestamptz NOT NULL DEFAULT now(),
  revoked_by        text        NOT NULL,
  reason            text        NOT NULL,
  revoked_reward_id uuid        NOT NULL DEFAULT gen_random_uuid(),
  revoked_seq       bigint      NOT NULL DEFAULT nextval('gamification_reward_seq'),
  PRIMARY KEY (user_id, revoked_seq)
);
CREATE TABLE title_revocations (
  user_id           text        NOT NULL,
  title_id          bigint      NOT NULL REFERENCES titles (id),
  rule_id           bigint      NOT NULL,
  event_id          text,
  level_id          bigint,
  awarded_at        timestamptz NOT NULL,
  reward_id         uuid        NOT NULL,
  seq               bigint      NOT NULL,
  revoked_at        timestamptz NOT NULL DEFAULT now(),
  revoked_by        text        NOT NULL,
  reason            text        NOT NULL,
  revoked_reward_id uuid        NOT NULL DEFAULT gen_random_uuid(),
  revoked_seq       bigint      NOT NULL DEFAULT nextval('gamification_reward_seq'),
  PRIMARY KEY (user_id, revoked_seq)
);
ALTER TABLE user_badges ALTER COLUMN event_id DROP NOT NULL;
ALTER TABLE user_titles ALTER COLUMN event_id DROP NOT NULL;

-- Levels: reached once per user (user_levels), by the highest total the user's events took them to; a deleted level
-- is no longer shown or reached, and the users who reached it keep it in their history.
CREATE TABLE levels (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       text        NOT NULL CHECK (btrim(name) <> ''),
  min_points bigint      NOT NULL CHECK (min_points >= 0),
  badge_id   bigint      REFERENCES badges (id),
  title_id   bigint      REFERENCES titles (id),
  deleted    boolean     NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX levels_min_points ON levels (min_points) WHERE NOT deleted;

CREATE TABLE user_levels (
  user_id    text        NOT NULL,
  level_id   bigint      NOT NULL REFERENCES levels (id),
  event_id   text,
  reached_at timestamptz NOT NULL DEFAULT now(),
  reward_id  uuid        NOT NULL DEFAULT gen_random_uuid(),
  seq        bigint      NOT NULL DEFAULT nextval('gamification_reward_seq'),
  PRIMARY KEY (user_id, level_id)
);

-- The rewards topic (CONTRACT §4, §8) also carries levels (level_id), revocations, erasures, and a kind for points.
ALTER TABLE reward_outbox
  ADD COLUMN kinds     text[],
  ADD COLUMN level_ids bigint[];

-- Backfill (backfillRule) replays the inbox's events to one rule, exactly once with live traffic: the events
-- before the rule's creation are the backfill's, the others the engine's. An event's seq orders its insertion;
-- a batch of the engine holds the rules lock shared while it applies, a rule's creation holds it exclusively, so
-- when a rule is created no batch is in flight and every event numbered up to the sequence's value is committed:
-- that value is the rule's backfill_seq. Events of earlier versions (seq NULL) were processed before any rule
-- created from now on; for rules created earlier, the events processed before their creation time.
CREATE SEQUENCE processed_events_seq;
ALTER TABLE processed_events ADD COLUMN seq bigint;
ALTER TABLE processed_events ALTER COLUMN seq SET DEFAULT nextval('processed_events_seq');
ALTER TABLE gamification_rules ADD COLUMN backfill_seq bigint;
-- The backfill_seq of a rule created now; call it holding the rules lock exclusively (see lock-users.sql).
CREATE FUNCTION gamification_events_watermark() RETURNS bigint LANGUAGE sql VOLATILE
  AS $$ SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM processed_events_seq $$;

-- A backfill applies a rule to an event at most once, whichever job replays it.
CREATE TABLE backfill_applied (
  rule_id  bigint NOT NULL,
  event_id text   NOT NULL,
  PRIMARY KEY (rule_id, event_id)
);

-- Background jobs (backfill of a rule, award of a new level): run by one instance at a time (owner, heartbeat),
-- resumable from their cursor, their progress readable while they run.
CREATE TABLE jobs (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        text        NOT NULL CHECK (kind IN ('BACKFILL', 'LEVEL')),
  status      text        NOT NULL DEFAULT 'RUNNING' CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
  rule_id     bigint      REFERENCES gamification_rules (id),
  level_id    bigint      REFERENCES levels (id),
  since       timestamptz,
  cursor      bigint      NOT NULL DEFAULT 0,
  cursor_user text,
  processed   bigint      NOT NULL DEFAULT 0,
  total       bigint,
  granted     bigint      NOT NULL DEFAULT 0,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  error       text,
  owner       text,
  heartbeat   timestamptz,
  created_by  text        NOT NULL,
  CHECK ((kind = 'BACKFILL') = (rule_id IS NOT NULL)),
  CHECK ((kind = 'LEVEL') = (level_id IS NOT NULL))
);
-- one backfill of a rule at a time
CREATE UNIQUE INDEX jobs_one_backfill_per_rule ON jobs (rule_id) WHERE kind = 'BACKFILL' AND status = 'RUNNING';
CREATE INDEX jobs_running ON jobs (id) WHERE status = 'RUNNING';

-- The events a backfill job replays, numbered in occurredAt order when it starts (so each batch reads by number).
CREATE TABLE job_events (
  job_id   bigint NOT NULL REFERENCES jobs (id),
  n        bigint NOT NULL,
  event_id text   NOT NULL,
  PRIMARY KEY (job_id, n)
);

-- Every successful admin mutation, append-only.
CREATE TABLE audit_log (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor     text        NOT NULL,
  operation text        NOT NULL,
  arguments jsonb       NOT NULL,
  at        timestamptz NOT NULL DEFAULT now()
);
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

-- One reward published by a writer other than the engine (the api's adjustments and revocations, the level job):
-- an outbox row of its own, relayed like the engine's. Returns the reward's id.
CREATE FUNCTION gamification_publish(p_reward_id uuid, p_type text, p_user_id text, p_rule_id bigint, p_event_id text,
                                     p_related_entity_id text, p_points integer, p_badge_id bigint, p_title_id bigint,
                                     p_level_id bigint, p_kind text, p_awarded_at timestamptz)
  RETURNS uuid LANGUAGE sql VOLATILE AS $$
  INSERT INTO reward_outbox (rewards, reward_ids, types, user_ids, rule_ids, event_ids, related_entity_ids, points,
                             badge_ids, title_ids, level_ids, kinds, awarded_at)
  VALUES (1, ARRAY[p_reward_id], ARRAY[p_type], ARRAY[p_user_id], ARRAY[p_rule_id], ARRAY[p_event_id],
          ARRAY[p_related_entity_id], ARRAY[p_points], ARRAY[p_badge_id], ARRAY[p_title_id], ARRAY[p_level_id],
          ARRAY[p_kind], ARRAY[p_awarded_at])
  RETURNING p_reward_id
$$;
