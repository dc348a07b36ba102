package com.gigsy.gamification.runtime;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.HttpEndpoint;
import com.gigsy.gamification.core.MessageCodecs;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.core.Role;
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
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Starts a service process in order: the event-bus codecs, the topics, the schema migrations, a seeding step
 * (the launcher's demo data), then the verticles of the configured roles in their start-up order — engine,
 * leaderboard, api, and ingest last, so that consumption starts only once everything it feeds is ready. A
 * failure undeploys what was deployed and fails the returned future. Knows the roles, not their verticles:
 * the launcher (and a test) says which verticles make each role.
 */
public final class Startup {

  private static final Logger LOG = LoggerFactory.getLogger(Startup.class);

  /** Negative ports handed out so far: each deployment on a random port shares one of its own. */
  private static final AtomicInteger SHARED_RANDOM_PORTS = new AtomicInteger();

  private Startup() {
  }

  /**
   * @param verticles the verticles of each role, in deployment order within the role; a configured role
   *                  without an entry deploys nothing
   * @param seed      runs after the migrations, on a pool of one connection (closed afterwards)
   */
  public static Future<RunningService> start(Vertx vertx, GamificationConfig config,
                                             Map<Role, List<Supplier<VerticleBase>>> verticles,
                                             Function<Pool, Future<Void>> seed) {
    long started = System.nanoTime();
    MessageCodecs.register(vertx);
    return KafkaTopics.ensure(vertx, config)
      .compose(v -> prepareDatabase(vertx, config, seed))
      .compose(v -> deployRoles(vertx, config, verticles))
      .onSuccess(running -> LOG.info("Gamification service started ({}) in {} ms",
        String.join(", ", config.roles().stream().map(Role::id).toList()), (System.nanoTime() - started) / 1_000_000));
  }

  private static Future<Void> prepareDatabase(Vertx vertx, GamificationConfig config, Function<Pool, Future<Void>> seed) {
    // unbounded: a migration may rewrite a large table, and waits for the migrations of another instance
    Pool pool = PgPools.create(vertx, config, "migrations", 1, Map.of(PgPools.STATEMENT_TIMEOUT, "0"));
    return Migrations.apply(vertx, pool)
      .compose(applied -> seed.apply(pool))
      .eventually(pool::close);
  }

  private static Future<RunningService> deployRoles(Vertx vertx, GamificationConfig config,
                                                    Map<Role, List<Supplier<VerticleBase>>> verticles) {
    List<RunningService.Deployment> deployed = new ArrayList<>();
    List<HttpEndpoint> endpoints = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Role role : config.roles()) {
      for (Supplier<VerticleBase> factory : verticles.getOrDefault(role, List.of())) {
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
              made.stream().filter(HttpEndpoint.class::isInstance).map(HttpEndpoint.class::cast).forEach(endpoints::add);
              deployed.add(new RunningService.Deployment(name, result.result()));
              return Future.succeededFuture();
            });
        });
      }
    }
    return chain
      .map(v -> new RunningService(vertx, config, deployed, endpoints.isEmpty() ? null : endpoints.get(0)))
      .recover(failure -> new RunningService(vertx, config, deployed, null).stop()
        .transform(stopped -> Future.failedFuture(failure)));
  }

  /**
   * The api role runs {@code GAMIFICATION_API_INSTANCES} verticles sharing the HTTP port; on a random port
   * (0) they share one through a negative port of their own (see {@link HttpEndpoint#SHARED_PORT}).
   */
  private static DeploymentOptions deploymentOptions(GamificationConfig config, Role role) {
    JsonObject json = config.toJson();
    if (role != Role.API) {
      return new DeploymentOptions().setConfig(json);
    }
    if (config.httpPort() == 0 && config.apiInstances() > 1) {
      json.put(HttpEndpoint.SHARED_PORT, -SHARED_RANDOM_PORTS.incrementAndGet());
    }
    if (config.managementPort() != null && config.managementPort() == 0 && config.apiInstances() > 1) {
      json.put(HttpEndpoint.SHARED_MANAGEMENT_PORT, -SHARED_RANDOM_PORTS.incrementAndGet());
    }
    return new DeploymentOptions().setConfig(json).setInstances(config.apiInstances());
  }
}
