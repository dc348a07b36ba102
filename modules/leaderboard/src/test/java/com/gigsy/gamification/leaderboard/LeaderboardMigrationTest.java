package com.gigsy.gamification.leaderboard;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.runtime.MigrationScript;
import com.gigsy.gamification.runtime.Migrations;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.Closer;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.InProcessService;
import com.gigsy.gamification.testing.TestStack;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static com.gigsy.gamification.leaderboard.LeaderboardFixture.describe;
import static com.gigsy.gamification.leaderboard.LeaderboardFixture.entries;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database that computed boards under migration V2 (one plain {@code leaderboard_entries} table) keeps
 * serving its current boards once V3 has moved them into a partition of their own, and V8 has re-indexed
 * its users by hash (ranks and neighbours are found through that index).
 */
@ExtendWith(VertxExtension.class)
class LeaderboardMigrationTest {

  private static final String V2_BOARDS = """
    INSERT INTO leaderboard_runs (computed_at, runner, forced) VALUES
      ('2026-11-02T10:00:00Z', 'old', false), ('2026-11-02T11:00:00Z', 'old', false);
    INSERT INTO leaderboard_current (run_id) VALUES (2);
    INSERT INTO leaderboard_entries (run_id, board, position, rank, user_id, total_points) VALUES
      (1, 'ALL_TIME', 1, 1, 'ann', 10),
      (2, 'ALL_TIME', 1, 1, 'bob', 30), (2, 'ALL_TIME', 2, 2, 'ann', 20), (2, 'ALL_TIME', 3, 2, 'cid', 20),
      (2, 'DAY', 1, 1, 'cid', 5);
    """;

  @RegisterExtension
  final Closer closer = new Closer();

  @Test
  @DisplayName("V3 moves the current run's boards of a V2 database into its partition; they read as before")
  void currentBoardsSurviveTheMigration(Vertx vertx) {
    GamificationConfig config = TestStack.get().config().with(Setting.ROLES, "api");
    Pool db = PgPools.create(vertx, config, "test", 1);
    closer.add(() -> Await.result(db.close()));
    List<MigrationScript> scripts = MigrationScript.loadAll();
    Await.result(Migrations.apply(db, scripts.stream().filter(script -> script.version() <= 2).toList()));
    Await.result(db.query(V2_BOARDS).execute());

    InProcessService service = closer.add(InProcessService.start(AllRoles.SERVICE, config));   // applies V3 and later
    GraphQLClient user = new GraphQLClient(service.httpPort(), TestTokens.user("reader"));
    JsonObject board = user.data(LeaderboardFixture.BOARD, new JsonObject()).getJsonObject("leaderboard");
    assertThat(board.getString("computedAt")).isEqualTo("2026-11-02T11:00:00Z");
    assertThat(describe(entries(board))).containsExactly("bob:1:30", "ann:2:20", "cid:2:20");
    JsonObject day = user.data(LeaderboardFixture.BOARD, new JsonObject().put("w", "DAY")).getJsonObject("leaderboard");
    assertThat(describe(entries(day))).containsExactly("cid:1:5");
    JsonObject around = user.data(LeaderboardFixture.AROUND, new JsonObject().put("u", "cid").put("r", 1))
      .getJsonObject("leaderboardAround");
    assertThat(describe(entries(around))).containsExactly("ann:2:20", "cid:2:20");
    assertThat(user.data("{ gamificationProfile(userId: \"ann\") { rank } }", new JsonObject())
      .getJsonObject("gamificationProfile").getInteger("rank")).isEqualTo(2);
    service.close();

    assertThat(Await.result(db.query("""
      SELECT string_agg(c.relname, ',') FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'leaderboard_entries'::regclass""").execute()).iterator().next().getString(0))
      .as("the current run's partition only").isEqualTo("leaderboard_entries_2");
    assertThat(Await.result(db.query("SELECT id FROM leaderboard_runs WHERE retired_at IS NOT NULL").execute())
      .iterator().next().getLong("id")).as("the replaced run is retired").isEqualTo(1L);
  }
}
