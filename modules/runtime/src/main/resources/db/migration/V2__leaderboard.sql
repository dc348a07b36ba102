-- Leaderboards (issue 4): per-period totals for the time windows, precomputed snapshots with one pointer
-- to the current one, the history of computations, and the users hidden from boards.

-- The UTC calendar period an instant falls in: 'DAY', 'WEEK' (ISO, from Monday) or 'MONTH'.
-- The one definition of a period, used by the engine's projection, the computation and the readers.
CREATE FUNCTION gamification_period_start(period text, at timestamptz) RETURNS date
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT date_trunc(lower(period), at AT TIME ZONE 'UTC')::date $$;

-- A projection of points_log per user and calendar period (by the event's occurred_at), written by the
-- engine in the same statement as the log. Only the current and the previous period are kept (the
-- leaderboard prunes older ones): within them, total_points = sum(points_log.points) of the period.
CREATE TABLE user_period_totals (
  period       text   NOT NULL CHECK (period IN ('DAY', 'WEEK', 'MONTH')),
  period_start date   NOT NULL,
  user_id      text   NOT NULL,
  total_points bigint NOT NULL CHECK (total_points >= 0),
  PRIMARY KEY (period, period_start, user_id)
);

-- The kept periods of an existing log (the current and the previous one of each kind).
INSERT INTO user_period_totals (period, period_start, user_id, total_points)
SELECT k.period, gamification_period_start(k.period, l.occurred_at), l.user_id, sum(l.points)::bigint
FROM points_log l
JOIN (VALUES
  ('DAY',   (date_trunc('day',   now() AT TIME ZONE 'UTC') - interval '1 day')   AT TIME ZONE 'UTC'),
  ('WEEK',  (date_trunc('week',  now() AT TIME ZONE 'UTC') - interval '7 days')  AT TIME ZONE 'UTC'),
  ('MONTH', (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month') AT TIME ZONE 'UTC')
) AS k (period, since) ON l.occurred_at >= k.since
GROUP BY 1, 2, 3;

-- Users hidden from every board (bots, suspended accounts). They keep their points; they neither
-- appear nor take a rank.
CREATE TABLE leaderboard_exclusions (
  user_id     text        PRIMARY KEY,
  excluded_by text        NOT NULL,
  excluded_at timestamptz NOT NULL DEFAULT now()
);

-- One row per computation: the history that "one computation per interval" is checked against.
CREATE TABLE leaderboard_runs (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  computed_at  timestamptz NOT NULL,  -- start of the computing transaction: the data the boards reflect
  runner       text        NOT NULL,  -- the instance that computed it
  forced       boolean     NOT NULL,  -- asked for by recomputeLeaderboard rather than the schedule
  ranked_users integer,               -- entries of the ALL_TIME board
  duration_ms  integer,
  retired_at   timestamptz            -- when its entries were removed (a newer run replaced it)
);

-- The boards of a run: every user with points in the window, in board order. No foreign key to the
-- run: the rows are written and removed in bulk, by run, and a per-row check would only slow that down.
CREATE TABLE leaderboard_entries (
  run_id       bigint  NOT NULL,
  board        text    NOT NULL CHECK (board IN ('ALL_TIME', 'MONTH', 'WEEK', 'DAY')),
  position     integer NOT NULL,  -- 1, 2, 3, … in order of (total_points DESC, user_id COLLATE "C")
  rank         integer NOT NULL,  -- ties share a rank: 1, 2, 2, 4
  user_id      text    NOT NULL,
  total_points bigint  NOT NULL,
  PRIMARY KEY (run_id, board, position)
);
CREATE UNIQUE INDEX leaderboard_entries_by_user ON leaderboard_entries (run_id, board, user_id);

-- The run readers see. Flipped in the transaction that writes the run, so a board is never seen half written.
CREATE TABLE leaderboard_current (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  run_id    bigint  NOT NULL REFERENCES leaderboard_runs (id)
);
