-- Daily totals off the event path (issue 15). The engine wrote user_daily_totals in the statement that writes the log,
-- an update and an insert per user and batch (~10 % of the statement's time); the leaderboard computation now folds
-- the log's new entries into them just before it ranks the windows, the only reader of the days besides the
-- reconciliation. daily_totals_fold says how far the fold got: every entry with an id up to folded_through is counted
-- in user_daily_totals (or in a day pruned since), and none above it.
CREATE TABLE daily_totals_fold (
  singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  folded_through bigint  NOT NULL
);

-- Up to here the engine kept the days in line with every entry.
INSERT INTO daily_totals_fold (folded_through) SELECT coalesce(max(id), 0) FROM points_log;

-- An id every entry up to which is settled, committed or never to be: the last number drawn from
-- gamification_reward_seq (0 before the first), read under the rules lock taken exclusively. Every writer of the log
-- holds that lock shared while it writes (the engine's batches and backfills, lock-users.sql; the api's adjustments)
-- and draws its entries' ids under it, so no transaction that drew an id up to this one is still in flight, and every
-- later entry draws a greater one. The lock is held until the caller's transaction ends, which holds off the
-- engine's next batches: call it in a transaction of its own and commit before folding.
CREATE FUNCTION gamification_log_settled_through() RETURNS bigint LANGUAGE sql VOLATILE AS $$
  SELECT pg_advisory_xact_lock(1734438250, 0);
  SELECT coalesce(pg_sequence_last_value('gamification_reward_seq'), 0);
$$;

-- Adds the entries with an id above folded_through and up to p_through (settled: gamification_log_settled_through),
-- at most p_span ids of them, to the daily totals of their user and UTC day of occurred_at, and moves folded_through
-- past them, in the caller's transaction; the new folded_through (p_through when the fold is done). The fold's row is
-- locked first, so two folds run one after the other and the second adds only what the first did not. A span bounds
-- the work of one call (a statement timeout applies to it): a caller folds a large backlog in several transactions.
CREATE FUNCTION gamification_fold_daily_totals(p_through bigint, p_span bigint) RETURNS bigint
  LANGUAGE sql VOLATILE AS $$
  WITH fold AS (
    SELECT folded_through AS since, least(p_through, folded_through + p_span) AS until
    FROM daily_totals_fold FOR UPDATE
  ),
  entries AS (
    SELECT gamification_period_start('DAY', l.occurred_at) AS day, l.user_id, sum(l.points)::bigint AS delta
    FROM points_log l, fold f
    WHERE l.id > f.since AND l.id <= f.until
    GROUP BY 1, 2
  ),
  added AS (
    INSERT INTO user_daily_totals AS t (day, user_id, total_points)
    SELECT day, user_id, delta FROM entries ORDER BY 1, 2
    ON CONFLICT (day, user_id) DO UPDATE SET total_points = t.total_points + excluded.total_points
  )
  UPDATE daily_totals_fold t SET folded_through = greatest(t.folded_through, f.until)
  FROM fold f
  RETURNING t.folded_through;
$$;
