package com.gigsy.gamification.api.leaderboard;

import com.gigsy.gamification.api.leaderboard.LeaderboardRepository.Pointer;
import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;

/**
 * The all-time ranks this api instance has read, for the boards' current version ({@link BoardTops#version()}: the
 * current run and the version of the exclusions). A rank is fixed within a version — it changes only with a new
 * computation, an exclusion or an erasure, each of which is a new version — so a user's rank is read from PostgreSQL
 * once per version and instance, and a change shows here when the copies of the tops see it (at once for a change
 * made through this process, within {@link BoardTops#RECHECK} otherwise).
 * <p>
 * At most {@link #MAX_KEPT} users are kept per version (about 10 MB); the ranks of the others are read every time.
 */
final class Ranks {

  /** Users whose rank is kept per version and instance. */
  static final int MAX_KEPT = 100_000;

  /** Kept for a user with no rank (no points, excluded, or no computation yet). */
  private static final int NOT_RANKED = 0;

  private final LeaderboardRepository boards;
  private final BoardTops tops;

  // guarded by this
  private Pointer keptFor;
  private final Map<String, Integer> kept = new HashMap<>();

  Ranks(LeaderboardRepository boards, BoardTops tops) {
    this.boards = boards;
    this.tops = tops;
  }

  /** The user's all-time rank in the current version; null when not ranked. */
  Future<Integer> rank(String userId) {
    return tops.version().compose(version -> {
      Integer known = known(version, userId);
      if (known != null) {
        return Future.succeededFuture(known == NOT_RANKED ? null : known);
      }
      // read after the version: of the same run or a newer one, kept only while the version is still this one
      return boards.rank(userId).onSuccess(rank -> keep(version, userId, rank == null ? NOT_RANKED : rank));
    });
  }

  private synchronized Integer known(Pointer version, String userId) {
    if (!version.equals(keptFor)) {
      kept.clear();
      keptFor = version;
      return null;
    }
    return kept.get(userId);
  }

  private synchronized void keep(Pointer version, String userId, int rank) {
    if (version.equals(keptFor) && kept.size() < MAX_KEPT) {
      kept.put(userId, rank);
    }
  }
}
