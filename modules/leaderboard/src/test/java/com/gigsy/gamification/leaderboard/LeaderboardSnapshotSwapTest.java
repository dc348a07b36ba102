package com.gigsy.gamification.leaderboard;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new snapshot replaces the old one atomically: while boards are recomputed over and over (and the old
 * ones deleted), readers always get one whole board of one computation — never a mix, a partial or an empty one.
 */
class LeaderboardSnapshotSwapTest {

  private static final int USERS = 2000;
  private static final int GENERATIONS = 6;
  private static final int STEP = 1_000_000;

  @RegisterExtension
  static final TestService SERVICE = TestService.of(AllRoles.SERVICE).configured(c -> c
    .with(Setting.ROLES, "leaderboard,api")
    .with(Setting.LEADERBOARD_SIZE, Integer.toString(USERS)));

  @Test
  @DisplayName("readers see either the whole old board or the whole new one while snapshots are replaced")
  void atomicReplacementWhileReading() throws Exception {
    LeaderboardFixture fixture = new LeaderboardFixture(SERVICE.db());
    GraphQLClient admin = SERVICE.admin();
    ExecutorService readers = Executors.newFixedThreadPool(2);
    try {
      // generation 0: user-i holds i points
      grantEveryone(fixture, 0);
      admin.data(LeaderboardFixture.RECOMPUTE, new JsonObject());

      AtomicBoolean done = new AtomicBoolean();
      List<CompletableFuture<Set<Long>>> reads = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        GraphQLClient reader = SERVICE.graphql(TestTokens.user("reader-" + i));
        reads.add(CompletableFuture.supplyAsync(() -> readUntil(done, reader), readers));
      }
      for (int generation = 1; generation <= GENERATIONS; generation++) {
        grantEveryone(fixture, generation);
        admin.data(LeaderboardFixture.RECOMPUTE, new JsonObject());
      }
      done.set(true);

      Set<Long> generationsSeen = new HashSet<>();
      for (CompletableFuture<Set<Long>> read : reads) {
        generationsSeen.addAll(read.get(60, TimeUnit.SECONDS));
      }
      assertThat(generationsSeen).as("readers saw several snapshots come and go").hasSizeGreaterThan(2);
    } finally {
      readers.shutdownNow();
    }
  }

  /** Generation g adds {@code STEP} points to every user at once: in snapshot g, user-i has i + g * STEP points. */
  private static void grantEveryone(LeaderboardFixture fixture, int generation) {
    Await.result(LeaderboardFixture.asLogWriter(fixture.db(), connection -> connection.preparedQuery("""
      INSERT INTO points_log (user_id, points, rule_id, event_id, dedupe_key, occurred_at, created_by)
      SELECT 'user-' || g, CASE WHEN $1 = 0 THEN g ELSE $2 END, (SELECT min(id) FROM gamification_rules),
             'gen-' || $1 || '-' || g, 'event:gen-' || $1 || '-' || g, now(), 'test'
      FROM generate_series(1, $3) g""").execute(Tuple.of(generation, STEP, USERS))));
    fixture.syncProjections();
  }

  /** Reads the whole board until told to stop; checks each read is one generation's complete board; the generations seen. */
  private static Set<Long> readUntil(AtomicBoolean done, GraphQLClient reader) {
    Set<Long> seen = new HashSet<>();
    while (!done.get()) {
      JsonObject board = reader.data(LeaderboardFixture.BOARD, new JsonObject().put("n", USERS)).getJsonObject("leaderboard");
      seen.add(checkWholeGeneration(LeaderboardFixture.entries(board)));
    }
    return seen;
  }

  private static long checkWholeGeneration(JsonArray entries) {
    assertThat(entries).as("a whole board").hasSize(USERS);
    long generation = -1;
    for (int position = 0; position < USERS; position++) {
      JsonObject entry = entries.getJsonObject(position);
      int user = USERS - position;   // the most points first
      assertThat(entry.getString("userId")).isEqualTo("user-" + user);
      assertThat(entry.getInteger("rank")).isEqualTo(position + 1);
      long total = entry.getLong("totalPoints");
      long entryGeneration = (total - user) / STEP;
      assertThat(total).isEqualTo(user + entryGeneration * STEP);
      if (generation == -1) {
        generation = entryGeneration;
      }
      assertThat(entryGeneration).as("every entry of one read is of the same computation").isEqualTo(generation);
    }
    return generation;
  }
}
