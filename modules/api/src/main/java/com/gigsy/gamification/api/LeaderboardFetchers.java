package com.gigsy.gamification.api;

import com.gigsy.gamification.core.LeaderboardWindow;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.vertx.core.Future;

/**
 * The leaderboard fields: {@code leaderboard} and {@code leaderboardAround} for any signed-in caller,
 * {@code GamificationProfile.rank}, and the admin's {@code setLeaderboardExclusion} and
 * {@code totalsReconciliation}. Everything is read from the precomputed snapshot, never aggregated on request;
 * the top of each board from this instance's copy of it.
 */
final class LeaderboardFetchers {

  /** The SDL default of {@code leaderboardAround(radius:)} and the largest radius allowed. */
  static final int DEFAULT_RADIUS = 5;
  static final int MAX_RADIUS = 100;

  /** The SDL default of {@code totalsReconciliation(limit:)} and the most differences one call lists. */
  static final int DEFAULT_DIFFERENCES = 100;
  static final int MAX_DIFFERENCES = 1000;

  private final LeaderboardRepository boards;
  private final BoardTops tops;
  private final ReconciliationRepository reconciliation;
  private final int leaderboardSize;
  private final Runnable changed;

  /**
   * @param changed tells the other api verticles of this process that the boards or the exclusions changed
   *                (they then forget their copies, see {@link #forgetTops()})
   */
  LeaderboardFetchers(LeaderboardRepository boards, ReconciliationRepository reconciliation, int leaderboardSize,
                      Runnable changed) {
    this.boards = boards;
    this.changed = changed;
    this.tops = new BoardTops(boards, leaderboardSize);
    this.reconciliation = reconciliation;
    this.leaderboardSize = leaderboardSize;
  }

  DataFetcher<Future<Leaderboard>> leaderboard() {
    return this::leaderboard;
  }

  /** The top of a board, from this instance's copy of it ({@link BoardTops}). */
  Future<Leaderboard> leaderboard(DataFetchingEnvironment env) {
    int limit = Arguments.limit(env, "limit", leaderboardSize);
    return tops.top(window(env), limit);
  }

  /**
   * The answer of {@code recomputeLeaderboard} once the computation has committed: the top of the new board
   * (with the defaults, having no arguments).
   */
  Future<Leaderboard> recomputed(DataFetchingEnvironment env) {
    boardsChanged();
    return leaderboard(env);
  }

  /**
   * This verticle changed the boards or the exclusions: its own copy goes now (the answer that follows reads the
   * new state), the other api verticles' copies when they hear of it.
   */
  private void boardsChanged() {
    tops.invalidate();
    changed.run();
  }

  /** Another api verticle of this process changed the boards or the exclusions: re-read them at the next read. */
  void forgetTops() {
    tops.invalidate();
  }

  DataFetcher<Future<Leaderboard>> leaderboardAround() {
    return env -> {
      String userId = Arguments.userId(env, "userId");
      int radius = Arguments.intInRange(env, "radius", DEFAULT_RADIUS, 0, MAX_RADIUS);
      return boards.around(window(env), userId, radius);
    };
  }

  /** {@code GamificationProfile.rank}: the all-time rank in the latest computation. */
  DataFetcher<Future<Integer>> rank() {
    return env -> boards.rank(env.<Profile>getSource().userId());
  }

  DataFetcher<Future<Profile>> setLeaderboardExclusion() {
    return env -> {
      Caller admin = Access.requireAdmin(env);
      String userId = Arguments.userId(env, "userId");
      boolean excluded = env.getArgument("excluded");
      return boards.setExcluded(userId, excluded, admin.userId()).map(v -> {
        boardsChanged();
        return new Profile(userId);
      });
    };
  }

  DataFetcher<Future<Reconciliation>> totalsReconciliation() {
    return env -> {
      Access.requireAdmin(env);
      int limit = Arguments.intInRange(env, "limit", DEFAULT_DIFFERENCES, 1, MAX_DIFFERENCES);
      return reconciliation.reconcile(limit);
    };
  }

  /** The {@code window} argument; the SDL's enum admits only known names, and its default is ALL_TIME. */
  private static LeaderboardWindow window(DataFetchingEnvironment env) {
    Object value = env.getArgument("window");
    return value == null ? LeaderboardWindow.ALL_TIME : LeaderboardWindow.valueOf(value.toString());
  }
}
