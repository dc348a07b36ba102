package com.gigsy.gamification.leaderboard;

import com.gigsy.gamification.core.LeaderboardMetrics;
import com.gigsy.gamification.core.LeaderboardWindow;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One computation of every board (see {@link SnapshotRepository}), in one transaction holding the
 * advisory lock: a run's boards are loaded into a table of their own, indexed, attached as the run's partition
 * and published (the {@code leaderboard_current} pointer flipped) at one commit, so readers see the old boards
 * or the new ones, never a mix. Afterwards, in a second transaction, the partitions of replaced runs are
 * dropped and expired daily totals removed.
 * <p>
 * A scheduled computation happens only when no instance is computing and the latest computation is at
 * least an interval old — the lock alone prevents overlap, the age check prevents repeats by instances
 * that start at other times. A forced one ({@code recomputeLeaderboard}) waits for the lock and always computes.
 */
final class Recompute {

  private static final Logger LOG = LoggerFactory.getLogger(Recompute.class);

  /**
   * The boards in the order of the primary key (board names in byte order, then position): loaded in this
   * order, the table is already sorted for the key's index build, which then costs one pass.
   */
  private static final List<LeaderboardWindow> LOAD_ORDER = Arrays.stream(LeaderboardWindow.values())
    .sorted(Comparator.comparing(LeaderboardWindow::name)).toList();

  private final Pool pool;
  private final SnapshotRepository snapshots;
  private final DailyTotalsRepository dailyTotals;
  private final Duration interval;
  private final String runner;
  private final LeaderboardMetrics metrics;

  Recompute(Pool pool, Duration interval, String runner, LeaderboardMetrics metrics) {
    this.pool = pool;
    this.metrics = metrics;
    this.snapshots = new SnapshotRepository();
    this.dailyTotals = new DailyTotalsRepository();
    this.interval = interval;
    this.runner = runner;
  }

  /** A computation of the schedule: skipped when another instance computes or a recent computation exists. */
  Future<RunOutcome> scheduled() {
    long started = System.nanoTime();
    return pool.withTransaction(connection -> snapshots.tryLock(connection).compose(locked -> {
      if (!locked) {
        return Future.succeededFuture(RunOutcome.busy());
      }
      return snapshots.dueInMillis(connection, interval).compose(dueIn -> dueIn > 0
        ? Future.succeededFuture(RunOutcome.fresh(dueIn))
        : compute(connection, false));
    })).onSuccess(outcome -> record(outcome, started)).compose(this::cleanUpAfter);
  }

  /** A computation asked for now: waits for one in progress elsewhere, then computes regardless of age. */
  Future<RunOutcome> forced() {
    long started = System.nanoTime();
    return pool.withTransaction(connection -> snapshots.lock(connection).compose(v -> compute(connection, true)))
      .onSuccess(outcome -> record(outcome, started))
      .compose(this::cleanUpAfter);
  }

  /** Once committed, a computation shows in the metrics: when it happened and how long it took. */
  private void record(RunOutcome outcome, long startedNanos) {
    if (outcome.kind() == RunOutcome.Kind.COMPUTED) {
      metrics.computed(outcome.computedAt().toInstant(), Duration.ofMillis(elapsedMillis(startedNanos)));
    }
  }

  private Future<RunOutcome> compute(SqlConnection connection, boolean forced) {
    long started = System.nanoTime();
    return snapshots.startRun(connection, runner, forced).compose(run -> {
      int[] allTime = new int[1];
      Future<Void> boards = Future.succeededFuture();
      for (LeaderboardWindow window : LOAD_ORDER) {
        boards = boards.compose(v -> snapshots.rank(connection, run.id(), window).map(ranked -> {
          if (window == LeaderboardWindow.ALL_TIME) {
            allTime[0] = ranked;
          }
          return null;
        }));
      }
      return boards
        .compose(v -> snapshots.attach(connection, run.id()))
        .compose(v -> snapshots.publish(connection, run.id(), allTime[0], elapsedMillis(started)))
        .map(v -> {
          LOG.info("Leaderboard computed{} by {}: {} users ranked all-time, run {} at {} in {} ms", forced ? " on request" : "",
            runner, allTime[0], run.id(), run.computedAt(), elapsedMillis(started));
          return RunOutcome.computed(run.computedAt(), allTime[0]);
        });
    });
  }

  /**
   * After a computation, removes what it replaced; a failure there is logged (the next run retries), not fatal.
   * The partitions go last: dropping one locks {@code leaderboard_entries} until the commit that follows.
   */
  private Future<RunOutcome> cleanUpAfter(RunOutcome outcome) {
    if (outcome.kind() != RunOutcome.Kind.COMPUTED) {
      return Future.succeededFuture(outcome);
    }
    return pool.withTransaction(connection -> snapshots.tryLock(connection).compose(locked -> !locked
        ? Future.succeededFuture()
        : dailyTotals.pruneOldDays(connection).compose(v -> snapshots.retire(connection)).mapEmpty()))
      .transform(cleaned -> {
        if (cleaned.failed()) {
          LOG.warn("Could not drop replaced leaderboard boards (the next computation retries): {}",
            cleaned.cause().getMessage());
        }
        return Future.succeededFuture(outcome);
      });
  }

  private static long elapsedMillis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
