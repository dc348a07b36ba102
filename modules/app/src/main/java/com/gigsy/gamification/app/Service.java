package com.gigsy.gamification.app;

import com.gigsy.gamification.api.ApiVerticle;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.MessageCodecs;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.engine.EngineVerticle;
import com.gigsy.gamification.engine.RewardsRelayVerticle;
import com.gigsy.gamification.ingest.IngestVerticle;
import com.gigsy.gamification.leaderboard.LeaderboardVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starts the service in order: topics, schema migrations, demo data, then the verticles of the configured
 * roles — engine, leaderboard, api, and ingest last, so that consumption starts only once everything it
 * feeds is ready. A failure undeploys what was deployed and fails the returned future.
 */
public final class Service {

  private static final Logger LOG = LoggerFactory.getLogger(Service.class);

  /** The verticles of each role, in deployment order within the role. */
  private static final Map<String, List<Supplier<VerticleBase>>> VERTICLES = Map.of(
    "engine", List.of(EngineVerticle::new, RewardsRelayVerticle::new),
    "leaderboard", List.of(LeaderboardVerticle::new),
    "api", List.of(ApiVerticle::new),
    "ingest", List.of(IngestVerticle::new));

  private Service() {
  }

  public static Future<RunningService> start(Vertx vertx, GamificationConfig config) {
    long started = System.nanoTime();
    MessageCodecs.register(vertx);
    return KafkaTopics.ensure(vertx, config)
      .compose(v -> prepareDatabase(vertx, config))
      .compose(v -> deployRoles(vertx, config))
      .onSuccess(running -> LOG.info("Gamification service started ({}) in {} ms", String.join(", ", orderedRoles(config)),
        (System.nanoTime() - started) / 1_000_000));
  }

  /** The configured roles in start-up order, whatever order the configuration names them in. */
  static List<String> orderedRoles(GamificationConfig config) {
    return GamificationConfig.KNOWN_ROLES.stream().filter(config.roles()::contains).toList();
  }

  private static Future<Void> prepareDatabase(Vertx vertx, GamificationConfig config) {
    Pool pool = PgPools.create(vertx, config, "migrations", 1);
    return Migrations.apply(vertx, pool)
      .compose(applied -> config.demoData() ? DemoData.load(vertx, pool) : Future.<Void>succeededFuture())
      .eventually(pool::close);
  }

  private static Future<RunningService> deployRoles(Vertx vertx, GamificationConfig config) {
    DeploymentOptions options = new DeploymentOptions().setConfig(config.toJson());
    List<RunningService.Deployment> deployed = new ArrayList<>();
    ApiVerticle[] api = new ApiVerticle[1];
    Future<Void> chain = Future.succeededFuture();
    for (String role : orderedRoles(config)) {
      for (Supplier<VerticleBase> factory : VERTICLES.get(role)) {
        chain = chain.compose(v -> {
          VerticleBase verticle = factory.get();
          if (verticle instanceof ApiVerticle apiVerticle) {
            api[0] = apiVerticle;
          }
          String name = verticle.getClass().getSimpleName();
          return vertx.deployVerticle(verticle, options)
            .<Void>transform(result -> {
              if (result.failed()) {
                return Future.failedFuture(new IllegalStateException(
                  name + " (role " + role + ") failed to start: " + result.cause().getMessage(), result.cause()));
              }
              deployed.add(new RunningService.Deployment(name, result.result()));
              return Future.succeededFuture();
            });
        });
      }
    }
    return chain
      .map(v -> new RunningService(vertx, config, deployed, api[0]))
      .recover(failure -> new RunningService(vertx, config, deployed, null).stop()
        .transform(stopped -> Future.failedFuture(failure)));
  }
}
