package com.gigsy.gamification.leaderboard;

import com.gigsy.gamification.core.LeaderboardMetrics;
import com.gigsy.gamification.core.LeaderboardWindow;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One computation of every board (see {@link SnapshotRepository}), in one transaction holding the
 * advisory lock: the run is recorded; the log's entries since the last computation are added to the daily totals
 * ({@link DailyTotalsRepository#fold}, on a loading connection); its boards are loaded, two at a time on the loading
 * pool's connections, each into a table of its own, indexed and committed; then the computing transaction attaches them as the
 * run's partition and publishes it (the {@code leaderboard_current} pointer flipped) at one commit, so readers
 * see the old boards or the new ones, never a mix. Afterwards, in a second transaction, the partitions of
 * replaced runs (and boards of failed computations) are dropped and expired daily totals removed.
 * <p>
 * A scheduled computation happens only when no instance is computing and the latest computation is at
 * least an interval old — the lock alone prevents overlap, the age check prevents repeats by instances
 * that start at other times. A forced one ({@code recomputeLeaderboard}) waits for the lock and always computes.
 */
final class Recompute {

  private static final Logger LOG = LoggerFactory.getLogger(Recompute.class);

  /**
   * The boards each loading connection loads, in order: the two large ones (every user all-time; a month of
   * daily totals) on different connections, so that PostgreSQL sorts them on two cores at once.
   */
  private static final List<List<LeaderboardWindow>> LOAD_LANES = List.of(
    List.of(LeaderboardWindow.ALL_TIME, LeaderboardWindow.DAY),
    List.of(LeaderboardWindow.MONTH, LeaderboardWindow.WEEK));

  /** How many connections the loading pool needs. */
  static final int LOAD_CONNECTIONS = LOAD_LANES.size();

  static {
    List<LeaderboardWindow> loaded = LOAD_LANES.stream().flatMap(List::stream).toList();
    if (!EnumSet.copyOf(loaded).equals(EnumSet.allOf(LeaderboardWindow.class))) {
      throw new IllegalStateException("every board must be loaded by a lane");
    }
  }

  private final Pool pool;
  private final Pool loads;
  private final SnapshotRepository snapshots;
  private final DailyTotalsRepository dailyTotals;
  private final Duration interval;
  private final String runner;
  private final LeaderboardMetrics metrics;

  /**
   * @param pool the computing transactions and the waits for the lock
   * @param loads {@link #LOAD_CONNECTIONS} connections that load boards, never waiting for the lock (so a
   *              computation holding it always gets them)
   */
  Recompute(Pool pool, Pool loads, Duration interval, String runner, LeaderboardMetrics metrics) {
    this.pool = pool;
    this.loads = loads;
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
    return snapshots.startRun(connection, runner, forced).compose(run -> dailyTotals.fold(loads).compose(folded -> {
      Map<LeaderboardWindow, Integer> ranked = new ConcurrentHashMap<>();
      List<Future<Void>> lanes = LOAD_LANES.stream().map(lane -> load(run, lane, ranked)).toList();
      // every lane settles before the transaction goes on or rolls back: no board is loaded after its run failed
      return Future.join(lanes)
        .compose(v -> snapshots.attach(connection, run.id(), List.copyOf(ranked.keySet())))
        .compose(v -> snapshots.publish(connection, run.id(), ranked.get(LeaderboardWindow.ALL_TIME),
          elapsedMillis(started)))
        .map(v -> {
          int allTime = ranked.get(LeaderboardWindow.ALL_TIME);
          LOG.info("Leaderboard computed{} by {}: {} users ranked all-time, run {} at {} in {} ms", forced ? " on request" : "",
            runner, allTime, run.id(), run.computedAt(), elapsedMillis(started));
          return RunOutcome.computed(run.computedAt(), allTime);
        });
    }));
  }

  /** Loads a lane's boards one after the other, each in a transaction of its own on a loading connection. */
  private Future<Void> load(SnapshotRepository.Run run, List<LeaderboardWindow> lane,
                            Map<LeaderboardWindow, Integer> ranked) {
    Future<Void> loaded = Future.succeededFuture();
    for (LeaderboardWindow window : lane) {
      loaded = loaded.compose(v -> loads.withTransaction(connection -> snapshots.load(connection, run, window))
        .map(count -> {
          ranked.put(window, count);
          return null;
        }));
    }
    return loaded;
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
