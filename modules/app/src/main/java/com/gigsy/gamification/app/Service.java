package com.gigsy.gamification.app;

import com.gigsy.gamification.api.ApiVerticle;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.MessageCodecs;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.core.Role;
import com.gigsy.gamification.engine.EngineVerticle;
import com.gigsy.gamification.engine.RewardsRelayVerticle;
import com.gigsy.gamification.ingest.IngestVerticle;
import com.gigsy.gamification.leaderboard.LeaderboardVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Starts the service in order: topics, schema migrations, demo data, then the verticles of the configured
 * roles — engine, leaderboard, api, and ingest last, so that consumption starts only once everything it
 * feeds is ready. A failure undeploys what was deployed and fails the returned future.
 */
public final class Service {

  private static final Logger LOG = LoggerFactory.getLogger(Service.class);

  /** The verticles of each role, in deployment order within the role. */
  private static final Map<Role, List<Supplier<VerticleBase>>> VERTICLES = Map.of(
    Role.ENGINE, List.of(EngineVerticle::new, RewardsRelayVerticle::new),
    Role.LEADERBOARD, List.of(LeaderboardVerticle::new),
    Role.API, List.of(ApiVerticle::new),
    Role.INGEST, List.of(IngestVerticle::new));

  /** Negative ports handed out so far: each deployment on a random port shares one of its own. */
  private static final AtomicInteger SHARED_RANDOM_PORTS = new AtomicInteger();

  private Service() {
  }

  public static Future<RunningService> start(Vertx vertx, GamificationConfig config) {
    long started = System.nanoTime();
    MessageCodecs.register(vertx);
    return KafkaTopics.ensure(vertx, config)
      .compose(v -> prepareDatabase(vertx, config))
      .compose(v -> deployRoles(vertx, config))
      .onSuccess(running -> LOG.info("Gamification service started ({}) in {} ms",
        String.join(", ", config.roles().stream().map(Role::id).toList()), (System.nanoTime() - started) / 1_000_000));
  }

  private static Future<Void> prepareDatabase(Vertx vertx, GamificationConfig config) {
    Pool pool = PgPools.create(vertx, config, "migrations", 1);
    return Migrations.apply(vertx, pool)
      .compose(applied -> config.demoData() ? DemoData.load(vertx, pool) : Future.<Void>succeededFuture())
      .eventually(pool::close);
  }

  private static Future<RunningService> deployRoles(Vertx vertx, GamificationConfig config) {
    List<RunningService.Deployment> deployed = new ArrayList<>();
    List<ApiVerticle> apis = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Role role : config.roles()) {
      for (Supplier<VerticleBase> factory : VERTICLES.get(role)) {
        chain = chain.compose(v -> {
          List<VerticleBase> made = Collections.synchronizedList(new ArrayList<>());
          Supplier<VerticleBase> counted = () -> {
            VerticleBase verticle = factory.get();
            made.add(verticle);
            return verticle;
          };
          return vertx.deployVerticle(counted, deploymentOptions(config, role))
            .<Void>transform(result -> {
              String name = made.isEmpty() ? role.id() : made.get(0).getClass().getSimpleName();
              if (result.failed()) {
                return Future.failedFuture(new IllegalStateException(
                  name + " (role " + role.id() + ") failed to start: " + result.cause().getMessage(), result.cause()));
              }
              made.stream().filter(ApiVerticle.class::isInstance).map(ApiVerticle.class::cast).forEach(apis::add);
              deployed.add(new RunningService.Deployment(name, result.result()));
              return Future.succeededFuture();
            });
        });
      }
    }
    return chain
      .map(v -> new RunningService(vertx, config, deployed, apis.isEmpty() ? null : apis.get(0)))
      .recover(failure -> new RunningService(vertx, config, deployed, null).stop()
        .transform(stopped -> Future.failedFuture(failure)));
  }

  /**
   * The api role runs {@code GAMIFICATION_API_INSTANCES} verticles sharing the HTTP port; on a random port
   * (0) they share one through a negative port of their own (see {@link ApiVerticle#SHARED_PORT}).
   */
  private static DeploymentOptions deploymentOptions(GamificationConfig config, Role role) {
    JsonObject json = config.toJson();
    if (role != Role.API) {
      return new DeploymentOptions().setConfig(json);
    }
    if (config.httpPort() == 0 && config.apiInstances() > 1) {
      json.put(ApiVerticle.SHARED_PORT, -SHARED_RANDOM_PORTS.incrementAndGet());
    }
    return new DeploymentOptions().setConfig(json).setInstances(config.apiInstances());
  }
}
