package com.gigsy.gamification.api.leaderboard;

import com.gigsy.gamification.api.leaderboard.LeaderboardRepository.Pointer;
import com.gigsy.gamification.core.LeaderboardWindow;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The top of each board of the current run, kept in memory by this api instance so that {@code leaderboard}
 * reads do not reach PostgreSQL: per board, the first {@code GAMIFICATION_LEADERBOARD_SIZE} visible entries,
 * read by one statement (so a copy is always one whole board of one run).
 * <p>
 * A copy is valid for one {@link Pointer}: the current run and the version of the exclusions (bumped by a
 * trigger at every change). The pointer is re-read at most every {@link #RECHECK}, by the first read after that;
 * so another process's new computation or exclusion shows here within about a second, and at once after
 * {@link #invalidate()}, which every api verticle of this process calls when it hears that one of them (maybe
 * itself) served a {@code recomputeLeaderboard} or {@code setLeaderboardExclusion} ({@link LeaderboardFetchers}).
 */
final class BoardTops {

  /** How long a pointer read is trusted. */
  static final Duration RECHECK = Duration.ofSeconds(1);

  private record Key(Pointer pointer, LeaderboardWindow window) {
  }

  private final LeaderboardRepository boards;
  private final int size;
  private final Map<Key, Future<Leaderboard>> tops = new ConcurrentHashMap<>();

  // guarded by this
  private Pointer pointer;
  private long checkedAtNanos;
  private Future<Pointer> checking;
  /** Bumped by {@link #invalidate()}: a pointer read started before it is not trusted. */
  private long epoch;

  BoardTops(LeaderboardRepository boards, int size) {
    this.boards = boards;
    this.size = size;
  }

  /** The first {@code limit} (at most the configured size) visible entries of a board of the current run. */
  Future<Leaderboard> top(LeaderboardWindow window, int limit) {
    return current()
      .compose(current -> {
        Key key = new Key(current, window);
        // read after the pointer: the same run or a newer one, which is as good (it replaces this copy soon)
        Future<Leaderboard> top = tops.computeIfAbsent(key, k -> boards.top(window, size));
        top.onFailure(failure -> tops.remove(key, top));
        return top;
      })
      .map(board -> board.first(limit));
  }

  /**
   * What the copies are of now: the current run and exclusions version (re-read at most every {@link #RECHECK}, as
   * for a read). Two answers rendered from copies of equal versions are equal.
   */
  Future<Pointer> version() {
    return current();
  }

  /** Forgets the pointer: the next read re-reads it (and the top, when it changed). */
  synchronized void invalidate() {
    epoch++;
    checking = null;
    pointer = null;
  }

  private synchronized Future<Pointer> current() {
    if (pointer != null && System.nanoTime() - checkedAtNanos < RECHECK.toNanos()) {
      return Future.succeededFuture(pointer);
    }
    if (checking == null) {
      long startedNanos = System.nanoTime();
      long startedEpoch = epoch;
      Future<Pointer> read = boards.pointer();
      checking = read;
      read.onComplete(result -> settle(read, result, startedNanos, startedEpoch));
    }
    return checking;
  }

  private synchronized void settle(Future<Pointer> read, AsyncResult<Pointer> result, long startedNanos, long startedEpoch) {
    if (checking == read) {
      checking = null;
    }
    if (result.failed() || startedEpoch != epoch) {
      return;
    }
    Pointer fresh = result.result();
    if (!fresh.equals(pointer)) {
      tops.keySet().removeIf(key -> !key.pointer().equals(fresh));
    }
    pointer = fresh;
    checkedAtNanos = startedNanos;
  }
}
