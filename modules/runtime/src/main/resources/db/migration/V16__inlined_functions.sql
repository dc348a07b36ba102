-- SQL functions the engine's statement calls that PostgreSQL can inline, i.e. expand into the calling statement when
-- it plans it. A SQL function it cannot inline runs as a query of its own: at each execution of the calling statement,
-- each place that calls it parses and plans its body again (the engine's statement is prepared once, so nothing else
-- of it is planned again), then every call starts and ends an executor. PostgreSQL inlines a function whose body is
-- one SELECT of one expression, without FROM, and, for a STRICT function, an expression that is itself strict (a CASE
-- is not). Same results as before, NULL in NULL out included.

-- V14's body read the uuid from a sub-select (to take two pieces of one random value): not inlinable, so every batch
-- parsed and planned it (perf, 1,000 events/s in batches of ~9 events: 5 % of PostgreSQL's CPU). One expression now,
-- still one gen_random_uuid() per call: its first 14 characters, '8', then its characters 16 to 19.
CREATE OR REPLACE FUNCTION gamification_reward_id_prefix() RETURNS text LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT left(overlay(gen_random_uuid()::text PLACING '8' FROM 15 FOR 1), 19)
$$;

-- V9's were STRICT around a CASE: not inlinable, so every capped candidate, streak event and stored mark a batch looks
-- at called a query. Not STRICT now; a NULL argument still gives NULL.
CREATE OR REPLACE FUNCTION gamification_cap_period(period text, at timestamptz) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN period IS NULL OR at IS NULL THEN NULL
                    WHEN period = 'ALL_TIME' THEN '-infinity'::date
                    ELSE gamification_period_start(period, at) END $$;

CREATE OR REPLACE FUNCTION gamification_period_number(period text, first_day date) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN period IS NULL OR first_day IS NULL THEN NULL
                    WHEN period = 'WEEK' THEN (first_day - DATE '1970-01-05') / 7
                    ELSE first_day - DATE '1970-01-01' END $$;
