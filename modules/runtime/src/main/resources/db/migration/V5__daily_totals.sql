-- Leaderboard windows from daily totals. The engine used to upsert three rows per user and batch into
-- user_period_totals (the UTC day, ISO week and month of each event's occurred_at); it now upserts one,
-- the user's total of the UTC day, and the WEEK and MONTH boards sum the days of their period when they
-- are computed (at most 31 rows per user, once an interval, instead of two more upserts per event).

-- The first day after the UTC calendar period an instant falls in ('DAY', 'WEEK' or 'MONTH').
CREATE FUNCTION gamification_period_end(period text, at timestamptz) RETURNS date
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT (date_trunc(lower(period), at AT TIME ZONE 'UTC') + ('1 ' || lower(period))::interval)::date $$;

-- Points per user and UTC day of the event's occurred_at, written by the engine in the statement that
-- writes the log: total_points = sum(points_log.points) of the user and day. Days from the start of the
-- previous week or month (whichever is earlier) are kept; the leaderboard prunes older ones.
CREATE TABLE user_daily_totals (
  day          date   NOT NULL,
  user_id      text   NOT NULL,
  total_points bigint NOT NULL CHECK (total_points >= 0),
  PRIMARY KEY (day, user_id)
);

INSERT INTO user_daily_totals (day, user_id, total_points)
SELECT gamification_period_start('DAY', l.occurred_at), l.user_id, sum(l.points)::bigint
FROM points_log l
WHERE l.occurred_at >= least(
        date_trunc('week', now() AT TIME ZONE 'UTC') - interval '7 days',
        date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month') AT TIME ZONE 'UTC'
GROUP BY 1, 2;

DROP TABLE user_period_totals;
