-- Leaderboards at a million users, continued (issue 4): a computation loads its boards on two connections at
-- once, each board into a table of its own, committed and indexed before the computing transaction attaches them.
-- A run's partition of leaderboard_entries is now itself partitioned by board (leaderboard_entries_<run>), with
-- one leaf per board (leaderboard_entries_<run>_<board>); the partitions of earlier runs keep their shape.

-- Users are found by the hash of their id: an int4 index sorts fast at build time, whereas ids sharing a prefix
-- ("user-…") made the old (run_id, board, user_id) build the longest step of a computation. A lookup reads the
-- few entries with that hash (one per board, plus the rare collision) and compares the ids themselves; a user
-- appears at most once per board by construction (one row per user in the totals the boards are ranked from).
DROP INDEX leaderboard_entries_by_user;
CREATE INDEX leaderboard_entries_by_user ON leaderboard_entries ((hashtext(user_id)));

DROP FUNCTION leaderboard_stage_run(bigint);

-- The table one board of run p_run is loaded into.
CREATE FUNCTION leaderboard_board_table(p_run bigint, p_board text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format('leaderboard_entries_%s_%s', p_run, lower(p_board))
$$;

-- Creates the empty, unindexed table of board p_board of run p_run; its name, quoted for use in a statement.
-- Its CHECKs let attaching it skip the scan that would otherwise prove every row belongs there. Created and
-- committed on a loading connection, before the computing transaction attaches it: if that transaction fails,
-- the table is left behind unattached, and leaderboard_drop_replaced() removes it.
CREATE FUNCTION leaderboard_create_board(p_run bigint, p_board text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  board_table text := leaderboard_board_table(p_run, p_board);
BEGIN
  EXECUTE format('CREATE TABLE %I (LIKE leaderboard_entries INCLUDING CONSTRAINTS, CHECK (run_id = %s), CHECK (board = %L))',
    board_table, p_run, p_board);
  RETURN quote_ident(board_table);
END;
$$;

-- Builds the loaded board's indexes, the ones leaderboard_entries declares (attaching then finds them built).
CREATE FUNCTION leaderboard_index_board(p_run bigint, p_board text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  board_table text := leaderboard_board_table(p_run, p_board);
BEGIN
  EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY (run_id, board, position)', board_table);
  EXECUTE format('CREATE INDEX ON %I ((hashtext(user_id)))', board_table);
END;
$$;

-- Makes the loaded boards p_boards run p_run's partition: a table partitioned by board, their tables its leaves.
-- No scan and no index build: the CHECKs prove the rows belong, the indexes exist.
DROP FUNCTION leaderboard_attach_run(bigint);
CREATE FUNCTION leaderboard_attach_run(p_run bigint, p_boards text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  run_table text := 'leaderboard_entries_' || p_run;
  board text;
BEGIN
  EXECUTE format('CREATE TABLE %I (LIKE leaderboard_entries INCLUDING CONSTRAINTS) PARTITION BY LIST (board)', run_table);
  FOREACH board IN ARRAY p_boards LOOP
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (%L)', run_table, leaderboard_board_table(p_run, board), board);
  END LOOP;
  EXECUTE format('ALTER TABLE leaderboard_entries ATTACH PARTITION %I FOR VALUES IN (%s)', run_table, p_run);
END;
$$;

-- Drops the boards of failed computations (loaded, never attached), then the partition of every run but the
-- current one; how many runs' partitions went. Dropping a partition locks leaderboard_entries for a moment
-- (readers wait that long), so callers set a lock_timeout. Called with the computation's lock held: no board
-- is being loaded meanwhile.
CREATE OR REPLACE FUNCTION leaderboard_drop_replaced() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  unattached regclass;
  replaced regclass;
  dropped integer := 0;
BEGIN
  FOR unattached IN
    SELECT c.oid::regclass
    FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND NOT c.relispartition
      AND c.relname ~ '^leaderboard_entries_[0-9]+_[a-z_]+$'
  LOOP
    EXECUTE format('DROP TABLE %s', unattached);
  END LOOP;
  FOR replaced IN
    SELECT i.inhrelid::regclass
    FROM pg_inherits i
    WHERE i.inhparent = 'leaderboard_entries'::regclass
      AND i.inhrelid IS DISTINCT FROM (SELECT to_regclass('leaderboard_entries_' || run_id) FROM leaderboard_current)
  LOOP
    EXECUTE format('DROP TABLE %s', replaced);
    dropped := dropped + 1;
  END LOOP;
  RETURN dropped;
END;
$$;
