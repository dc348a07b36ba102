-- Rules that condition, count, cap and streak (CONTRACT §7). The engine evaluates them inside its one statement
-- per batch; the counters below are written in the same transaction as the rewards they allow, and each is
-- derivable from what the database keeps (cap counters from points_log, milestone counts from rule_keys,
-- streak progress from streak_marks).

-- Events keep their attributes (backfill replays them): a JSON object without null entries, NULL when none.
ALTER TABLE processed_events ADD COLUMN attributes jsonb;

-- conditions: a JSON array of {"attribute", "op", "value"?, "values"?, "number"?, "numbers"?}, where "number" and
-- "numbers" are the value(s) read as decimals when they can be (the API writes them; numeric comparisons use them).
ALTER TABLE gamification_rules
  ADD COLUMN conditions            jsonb   NOT NULL DEFAULT '[]'
    CHECK (jsonb_typeof(conditions) = 'array' AND jsonb_array_length(conditions) <= 10),
  ADD COLUMN points_from_attribute text    CHECK (points_from_attribute ~ '^[A-Za-z_][A-Za-z0-9_]{0,63}$'),
  ADD COLUMN points_multiplier     numeric CHECK (points_multiplier > 0),
  ADD COLUMN valid_from            timestamptz,
  ADD COLUMN valid_until           timestamptz,
  ADD COLUMN cap_count             integer CHECK (cap_count >= 1),
  ADD COLUMN cap_period            text    CHECK (cap_period IN ('DAY', 'WEEK', 'MONTH', 'ALL_TIME')),
  ADD COLUMN threshold             integer CHECK (threshold BETWEEN 2 AND 1000000),
  ADD COLUMN streak_length         integer CHECK (streak_length BETWEEN 2 AND 1000),
  ADD COLUMN streak_period         text    CHECK (streak_period IN ('DAY', 'WEEK')),
  ADD CONSTRAINT rule_window_ordered CHECK (valid_until > valid_from),
  ADD CONSTRAINT rule_cap_whole CHECK ((cap_count IS NULL) = (cap_period IS NULL)),
  ADD CONSTRAINT rule_streak_whole CHECK ((streak_length IS NULL) = (streak_period IS NULL)),
  ADD CONSTRAINT rule_threshold_or_streak CHECK (threshold IS NULL OR streak_length IS NULL),
  ADD CONSTRAINT rule_cap_on_plain_rules CHECK (cap_count IS NULL OR (threshold IS NULL AND streak_length IS NULL)),
  ADD CONSTRAINT rule_points_one_way CHECK (points_awarded IS NULL OR points_from_attribute IS NULL),
  ADD CONSTRAINT rule_multiplier_with_attribute CHECK (points_multiplier IS NULL OR points_from_attribute IS NOT NULL);
ALTER TABLE gamification_rules DROP CONSTRAINT rule_awards_something;
ALTER TABLE gamification_rules ADD CONSTRAINT rule_awards_something
  CHECK (points_awarded IS NOT NULL OR points_from_attribute IS NOT NULL OR badge_id IS NOT NULL OR title_id IS NOT NULL);

-- A milestone's or a streak's points are granted once per user and rule: under the dedupe key 'once', which the
-- log's unique key then holds to one row. Rows written so far satisfy the wider check (no scan needed).
ALTER TABLE points_log DROP CONSTRAINT points_log_dedupe_key_check;
ALTER TABLE points_log ADD CONSTRAINT points_log_dedupe_key_check
  CHECK (dedupe_key LIKE 'entity:%' OR dedupe_key LIKE 'event:%' OR dedupe_key = 'once') NOT VALID;

-- The period a cap counts in: the UTC day, ISO week or month of the event, or one period for ALL_TIME.
CREATE FUNCTION gamification_cap_period(period text, at timestamptz) RETURNS date
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT CASE WHEN period = 'ALL_TIME' THEN '-infinity'::date ELSE gamification_period_start(period, at) END $$;

-- The number of a streak period ('DAY' or 'WEEK', by its first day), consecutive periods having consecutive numbers.
CREATE FUNCTION gamification_period_number(period text, first_day date) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT CASE WHEN period = 'WEEK' THEN (first_day - DATE '1970-01-05') / 7 ELSE first_day - DATE '1970-01-01' END $$;

-- Whether one condition (an element of gamification_rules.conditions) holds for an attribute value (NULL when the
-- event lacks it). Numbers compare numerically, strings as strings, booleans as 'true'/'false'; GT, GTE, LT and
-- LTE hold only for numbers; EXISTS for any present value; a missing attribute makes every operator false but NE.
CREATE FUNCTION gamification_condition_holds(v jsonb, c jsonb) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
  SELECT CASE
    WHEN v IS NULL OR jsonb_typeof(v) = 'null' THEN c ->> 'op' = 'NE'
    WHEN c ->> 'op' = 'EXISTS' THEN true
    WHEN jsonb_typeof(v) = 'number' THEN CASE c ->> 'op'
      WHEN 'EQ'  THEN coalesce((v #>> '{}')::numeric = (c ->> 'number')::numeric, false)
      WHEN 'NE'  THEN coalesce((v #>> '{}')::numeric <> (c ->> 'number')::numeric, true)
      WHEN 'GT'  THEN coalesce((v #>> '{}')::numeric > (c ->> 'number')::numeric, false)
      WHEN 'GTE' THEN coalesce((v #>> '{}')::numeric >= (c ->> 'number')::numeric, false)
      WHEN 'LT'  THEN coalesce((v #>> '{}')::numeric < (c ->> 'number')::numeric, false)
      WHEN 'LTE' THEN coalesce((v #>> '{}')::numeric <= (c ->> 'number')::numeric, false)
      WHEN 'IN'  THEN coalesce((v #>> '{}')::numeric IN (SELECT n::numeric FROM jsonb_array_elements_text(c -> 'numbers') n),
                               false)
      ELSE false END
    WHEN jsonb_typeof(v) IN ('string', 'boolean') THEN CASE c ->> 'op'
      WHEN 'EQ' THEN (v #>> '{}') = (c ->> 'value')
      WHEN 'NE' THEN (v #>> '{}') IS DISTINCT FROM (c ->> 'value')
      WHEN 'IN' THEN coalesce(c -> 'values' ? (v #>> '{}'), false)
      ELSE false END
    ELSE false END
  $$;

-- Whether every condition of a rule holds for an event's attributes (NULL when it has none).
CREATE FUNCTION gamification_conditions_hold(attributes jsonb, conditions jsonb) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
  SELECT NOT EXISTS (
    SELECT 1 FROM jsonb_array_elements(conditions) c
    WHERE NOT gamification_condition_holds(attributes -> (c ->> 'attribute'), c))
  $$;

-- Grants of a capped rule per user and period (gamification_cap_period): at most the rule's cap_count.
CREATE TABLE rule_cap_counters (
  user_id text    NOT NULL,
  rule_id bigint  NOT NULL,
  period  date    NOT NULL,
  grants  integer NOT NULL CHECK (grants >= 1),
  PRIMARY KEY (user_id, rule_id, period)
) WITH (fillfactor = 80);

-- The distinct dedupe keys a user's matching events brought to a milestone (threshold) rule.
CREATE TABLE rule_keys (
  user_id    text   NOT NULL,
  rule_id    bigint NOT NULL,
  dedupe_key text   NOT NULL,
  PRIMARY KEY (user_id, rule_id, dedupe_key)
);

-- A user's progress towards a milestone rule: count = the user's rule_keys of the rule; completed once.
CREATE TABLE rule_progress (
  user_id      text        NOT NULL,
  rule_id      bigint      NOT NULL,
  count        integer     NOT NULL CHECK (count >= 1),
  completed_at timestamptz,
  PRIMARY KEY (user_id, rule_id)
) WITH (fillfactor = 80);

-- The periods (first day of the UTC day or ISO week) a user's matching events marked for a streak rule.
CREATE TABLE streak_marks (
  user_id text   NOT NULL,
  rule_id bigint NOT NULL,
  period  date   NOT NULL,
  PRIMARY KEY (user_id, rule_id, period)
);

-- A user's progress on a streak rule, from streak_marks: the longest run of consecutive marked periods, the
-- latest marked period and the run ending at it; completed once (the first run of the rule's length).
CREATE TABLE streak_progress (
  user_id      text        NOT NULL,
  rule_id      bigint      NOT NULL,
  longest      integer     NOT NULL CHECK (longest >= 1),
  last_period  date        NOT NULL,
  last_run     integer     NOT NULL CHECK (last_run >= 1),
  completed_at timestamptz,
  PRIMARY KEY (user_id, rule_id)
) WITH (fillfactor = 80);
