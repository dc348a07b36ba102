-- The gamification schema: the seed's tables in snake_case, plus what correctness needs.
-- PostgreSQL enforces the rules, not only the code.

CREATE TABLE badges (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text        NOT NULL CHECK (btrim(name) <> ''),
  description text        NOT NULL CHECK (btrim(description) <> ''),
  icon_url    text        NOT NULL CHECK (icon_url ~ '^https?://'),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE titles (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text        NOT NULL CHECK (btrim(name) <> ''),
  description text        NOT NULL CHECK (btrim(description) <> ''),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE gamification_rules (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_name     text        NOT NULL CHECK (event_name ~ '^[a-z0-9_]+(\.[a-z0-9_]+)*$' AND length(event_name) <= 128),
  description    text        NOT NULL CHECK (btrim(description) <> ''),
  points_awarded integer     CHECK (points_awarded BETWEEN 1 AND 1000000),
  badge_id       bigint      REFERENCES badges (id),
  title_id       bigint      REFERENCES titles (id),
  active         boolean     NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT rule_awards_something CHECK (points_awarded IS NOT NULL OR badge_id IS NOT NULL OR title_id IS NOT NULL)
);
CREATE INDEX gamification_rules_by_event ON gamification_rules (event_name) WHERE active;

-- The inbox: every event id whose effects are committed. An event id seen before is ignored.
CREATE TABLE processed_events (
  event_id          text        PRIMARY KEY,
  event_name        text        NOT NULL,
  user_id           text        NOT NULL,
  related_entity_id text,
  occurred_at       timestamptz NOT NULL,
  processed_at      timestamptz NOT NULL DEFAULT now()
);

-- The immutable points log: the truth of every total.
CREATE TABLE points_log (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id           text        NOT NULL,
  points            integer     NOT NULL CHECK (points > 0),
  rule_id           bigint      NOT NULL REFERENCES gamification_rules (id),
  event_id          text        NOT NULL,
  related_entity_id text,
  dedupe_key        text        NOT NULL CHECK (dedupe_key LIKE 'entity:%' OR dedupe_key LIKE 'event:%'),
  occurred_at       timestamptz NOT NULL,
  created_by        text        NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT points_once_per_user_rule_key UNIQUE (user_id, rule_id, dedupe_key)
);
CREATE INDEX points_log_by_user_newest ON points_log (user_id, id DESC);

CREATE FUNCTION points_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'points_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER points_log_no_update_delete BEFORE UPDATE OR DELETE ON points_log
  FOR EACH ROW EXECUTE FUNCTION points_log_is_append_only();
CREATE TRIGGER points_log_no_truncate BEFORE TRUNCATE ON points_log
  FOR EACH STATEMENT EXECUTE FUNCTION points_log_is_append_only();

-- A projection of points_log for fast reads and rankings, written in the same transaction as the log.
-- Always derivable: total_points = sum(points_log.points) for the user.
CREATE TABLE user_totals (
  user_id      text        PRIMARY KEY,
  total_points bigint      NOT NULL CHECK (total_points >= 0),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_badges (
  user_id    text        NOT NULL,
  badge_id   bigint      NOT NULL REFERENCES badges (id),
  rule_id    bigint      NOT NULL REFERENCES gamification_rules (id),
  event_id   text        NOT NULL,
  created_by text        NOT NULL,
  awarded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, badge_id)
);

CREATE TABLE user_titles (
  user_id     text        NOT NULL,
  title_id    bigint      NOT NULL REFERENCES titles (id),
  rule_id     bigint      NOT NULL REFERENCES gamification_rules (id),
  event_id    text        NOT NULL,
  is_equipped boolean     NOT NULL DEFAULT false,
  created_by  text        NOT NULL,
  awarded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, title_id)
);
CREATE UNIQUE INDEX user_titles_one_equipped ON user_titles (user_id) WHERE is_equipped;

-- The transactional outbox of granted rewards, relayed to the rewards topic.
CREATE TABLE reward_outbox (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reward_id    uuid        NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  user_id      text        NOT NULL,
  payload      jsonb       NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX reward_outbox_unpublished ON reward_outbox (id) WHERE published_at IS NULL;
