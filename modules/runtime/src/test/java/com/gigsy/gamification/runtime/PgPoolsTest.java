package com.gigsy.gamification.runtime;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.TestStack;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class PgPoolsTest {

  @Test
  @DisplayName("A long statement is prepared once per connection and reused, so PostgreSQL does not parse and plan it at every execution")
  void longStatementsStayPrepared(Vertx vertx) throws Exception {
    GamificationConfig config = GamificationConfig.fromEnvironment(
      Map.of(Setting.PG_URL.variable(), TestStack.get().newDatabaseUrl()), true);
    // longer than the client's default limit (2,048 characters), as the engine's batch statement and the profile are
    String padding = "x".repeat(5_000);
    String statement = "SELECT $1::int + 1 AS n, length('" + padding + "') AS padding";
    Pool pool = PgPools.create(vertx, config, "test", 1);
    try {
      Long prepared = pool.withConnection(conn -> conn.preparedQuery(statement).execute(Tuple.of(1))
          .compose(first -> conn.preparedQuery(statement).execute(Tuple.of(2)))
          .compose(second -> conn.preparedQuery("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1")
            .execute(Tuple.of(statement)))
          .map(rows -> rows.iterator().next().getLong("n")))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(prepared).isEqualTo(1);
    } finally {
      pool.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
