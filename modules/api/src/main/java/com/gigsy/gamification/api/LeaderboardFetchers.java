package com.gigsy.gamification.api;

import com.gigsy.gamification.core.Addresses;
import com.gigsy.gamification.core.LeaderboardWindow;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * The leaderboard fields: {@code leaderboard} and {@code leaderboardAround} for any signed-in caller,
 * {@code GamificationProfile.rank}, and the admin's {@code recomputeLeaderboard}, {@code setLeaderboardExclusion}
 * and {@code totalsReconciliation}. Everything is read from the precomputed snapshot, never aggregated on request;
 * the top of each board from this instance's copy of it.
 * <p>
 * A copy is forgotten before its recheck ({@link BoardTops#RECHECK}) in one way only: when this verticle hears
 * {@link Addresses#LEADERBOARD_CHANGED}, which an api verticle of this process publishes after it recomputed the
 * boards or changed the exclusions, and which reaches every api verticle of the process, the sender included.
 */
final class LeaderboardFetchers {

  /** How long {@code recomputeLeaderboard} waits for the leaderboard role. */
  static final long RECOMPUTE_TIMEOUT_MS = 60_000;

  /** The SDL default of {@code leaderboardAround(radius:)} and the largest radius allowed. */
  static final int DEFAULT_RADIUS = 5;
  static final int MAX_RADIUS = 100;

  /** The SDL default of {@code totalsReconciliation(limit:)} and the most differences one call lists. */
  static final int DEFAULT_DIFFERENCES = 100;
  static final int MAX_DIFFERENCES = 1000;

  private final EventBus eventBus;
  private final LeaderboardRepository boards;
  private final BoardTops tops;
  private final ReconciliationRepository reconciliation;
  private final int leaderboardSize;
  private final MessageConsumer<Object> changes;
  /** Completed, and replaced, when this verticle next hears {@code LEADERBOARD_CHANGED}; guarded by this. */
  private Promise<Void> nextChange = Promise.promise();

  /** Starts listening to {@code LEADERBOARD_CHANGED} until {@link #close()}. */
  LeaderboardFetchers(EventBus eventBus, LeaderboardRepository boards, ReconciliationRepository reconciliation,
                      int leaderboardSize) {
    this.eventBus = eventBus;
    this.boards = boards;
    this.tops = new BoardTops(boards, leaderboardSize);
    this.reconciliation = reconciliation;
    this.leaderboardSize = leaderboardSize;
    this.changes = eventBus.localConsumer(Addresses.LEADERBOARD_CHANGED, message -> heardChange());
  }

  /** Stops listening to {@code LEADERBOARD_CHANGED}. */
  Future<Void> close() {
    return changes.unregister();
  }

  DataFetcher<Future<Leaderboard>> leaderboard() {
    return this::leaderboard;
  }

  /** The top of a board, from this instance's copy of it ({@link BoardTops}). */
  private Future<Leaderboard> leaderboard(DataFetchingEnvironment env) {
    int limit = Arguments.limit(env, "limit", leaderboardSize);
    return tops.top(window(env), limit);
  }

  /**
   * Asks the leaderboard role to recompute now; once the computation has committed, answers the top of the new
   * board as the query would (with the defaults, having no arguments).
   */
  DataFetcher<Future<Leaderboard>> recomputeLeaderboard() {
    return env -> {
      Access.requireAdmin(env);
      return eventBus.request(Addresses.LEADERBOARD_RECOMPUTE, null, new DeliveryOptions().setSendTimeout(RECOMPUTE_TIMEOUT_MS))
        .compose(reply -> boardsChanged())
        .compose(heard -> leaderboard(env));
    };
  }

  /**
   * This verticle changed the boards or the exclusions: tells every api verticle of this process, itself included.
   * Completes once this verticle has heard it (and so forgotten its copy): the answer that follows reads the new state.
   */
  private Future<Void> boardsChanged() {
    Future<Void> heard;
    synchronized (this) {
      heard = nextChange.future();
    }
    eventBus.publish(Addresses.LEADERBOARD_CHANGED, null);
    return heard;
  }

  /** An api verticle of this process, maybe this one, changed the boards or the exclusions: re-read them at the next read. */
  private void heardChange() {
    Promise<Void> heard;
    synchronized (this) {
      heard = nextChange;
      nextChange = Promise.promise();
    }
    tops.invalidate();
    heard.complete();
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
      return boards.setExcluded(userId, excluded, admin.userId())
        .compose(v -> boardsChanged())
        .map(heard -> new Profile(userId));
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
