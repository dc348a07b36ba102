-- Leaderboards at a million users (issue 4): the entries of each computation become a partition of their own.
-- A computation loads a new table that has no index, and attaching it to leaderboard_entries builds its indexes
-- in one sorted pass each (instead of ~2 M incremental inserts into two btrees); the pointer flips in the same
-- transaction, and the replaced run's partition is dropped rather than its rows deleted.

ALTER TABLE leaderboard_entries RENAME TO leaderboard_entries_v2;
ALTER INDEX leaderboard_entries_pkey RENAME TO leaderboard_entries_v2_pkey;
ALTER INDEX leaderboard_entries_by_user RENAME TO leaderboard_entries_v2_by_user;

-- The boards of every run, one partition per run (leaderboard_entries_<run id>). Readers name the run in the
-- statement (the current one, from leaderboard_current), so PostgreSQL reads one partition only. The user id is
-- compared in byte order ("C") here: the board's order already is, and it makes the index build a memcmp sort.
CREATE TABLE leaderboard_entries (
  run_id       bigint  NOT NULL,
  board        text    COLLATE "C" NOT NULL CONSTRAINT leaderboard_entries_board CHECK (board IN ('ALL_TIME', 'MONTH', 'WEEK', 'DAY')),
  position     integer NOT NULL,  -- 1, 2, 3, … in order of (total_points DESC, user_id COLLATE "C")
  rank         integer NOT NULL,  -- ties share a rank: 1, 2, 2, 4
  user_id      text    COLLATE "C" NOT NULL,
  total_points bigint  NOT NULL,
  PRIMARY KEY (run_id, board, position)
) PARTITION BY LIST (run_id);
CREATE UNIQUE INDEX leaderboard_entries_by_user ON leaderboard_entries (run_id, board, user_id);

-- Creates the empty, unindexed table a computation loads run p_run into. Its CHECK lets the attachment skip
-- the scan that would otherwise prove every row belongs to the run. Called inside the computing transaction,
-- which holds the computation's lock: one staging table at a time, gone with the transaction if it fails.
CREATE FUNCTION leaderboard_stage_run(p_run bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TABLE leaderboard_entries_staging (LIKE leaderboard_entries INCLUDING CONSTRAINTS, CHECK (run_id = %s))', p_run);
END;
$$;

-- Makes the loaded staging table run p_run's partition; attaching builds its primary key and user index.
CREATE FUNCTION leaderboard_attach_run(p_run bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE leaderboard_entries_staging RENAME TO %I', 'leaderboard_entries_' || p_run);
  EXECUTE format('ALTER TABLE leaderboard_entries ATTACH PARTITION %I FOR VALUES IN (%s)', 'leaderboard_entries_' || p_run, p_run);
END;
$$;

-- Drops the partition of every run but the current one; how many went. DROP locks leaderboard_entries for a
-- moment (readers wait that long), so callers set a lock_timeout.
CREATE FUNCTION leaderboard_drop_replaced() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  replaced regclass;
  dropped integer := 0;
BEGIN
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

-- The current run's entries move into its partition; the boards of replaced runs are not kept.
DO $$
DECLARE
  current_run bigint := (SELECT run_id FROM leaderboard_current);
BEGIN
  IF current_run IS NOT NULL THEN
    PERFORM leaderboard_stage_run(current_run);
    INSERT INTO leaderboard_entries_staging (run_id, board, position, rank, user_id, total_points)
    SELECT run_id, board, position, rank, user_id, total_points
    FROM leaderboard_entries_v2
    WHERE run_id = current_run;
    PERFORM leaderboard_attach_run(current_run);
  END IF;
END;
$$;
UPDATE leaderboard_runs SET retired_at = now()
WHERE retired_at IS NULL AND id IS DISTINCT FROM (SELECT run_id FROM leaderboard_current);
DROP TABLE leaderboard_entries_v2;

-- Bumped by every change of leaderboard_exclusions, in the changing transaction: an api instance that keeps the
-- top of the boards in memory reads this one number to know whether its copy still hides the right users.
CREATE TABLE leaderboard_exclusions_version (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version   bigint  NOT NULL
);
INSERT INTO leaderboard_exclusions_version (version) VALUES (0);

CREATE FUNCTION leaderboard_exclusions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE leaderboard_exclusions_version SET version = version + 1;
  RETURN NULL;
END;
$$;
CREATE TRIGGER leaderboard_exclusions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON leaderboard_exclusions
  FOR EACH STATEMENT EXECUTE FUNCTION leaderboard_exclusions_changed();
