package com.gigsy.gamification.api;

import com.gigsy.gamification.api.audit.AuditFetchers;
import com.gigsy.gamification.api.audit.AuditLog;
import com.gigsy.gamification.api.auth.TokenVerifier;
import com.gigsy.gamification.api.auth.TokenVerifiers;
import com.gigsy.gamification.api.catalog.CatalogFetchers;
import com.gigsy.gamification.api.credentials.Credentials;
import com.gigsy.gamification.api.erasure.ErasureFetchers;
import com.gigsy.gamification.api.graphql.ApiGraphQL;
import com.gigsy.gamification.api.history.HistoryFetchers;
import com.gigsy.gamification.api.jobs.JobFetchers;
import com.gigsy.gamification.api.leaderboard.LeaderboardFetchers;
import com.gigsy.gamification.api.levels.LevelFetchers;
import com.gigsy.gamification.api.profile.ProfileFetchers;
import com.gigsy.gamification.api.rewards.RewardsFetchers;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.HttpEndpoint;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.core.ServiceMetrics;
import graphql.GraphQL;
import graphql.schema.idl.RuntimeWiring;
import io.micrometer.core.instrument.DistributionSummary;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The GraphQL API over HTTP and WebSocket (CONTRACT §5, §6): owns its PostgreSQL pools (one for the leaderboard
 * reads), the token verifier, a Kafka admin client for readiness, the rewards feed of subscriptions, and the HTTP
 * server.
 * Configuration comes from {@code config()}; start-up fails without a JWT secret or JWKS URL.
 */
public class ApiVerticle extends VerticleBase implements HttpEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);

  /** Subprotocol of GraphQL subscriptions over WebSocket; the server must declare it or the handshake fails. */
  static final String GRAPHQL_WS_SUBPROTOCOL = "graphql-transport-ws";

  /** How long closing the Kafka admin client may wait for calls in flight. */
  private static final long KAFKA_CLOSE_TIMEOUT_MS = 2_000;

  /** Connections of each api verticle for the leaderboard reads (pipelined; each read is one statement). */
  private static final int BOARD_POOL_SIZE = 2;
  /** The meter of the profile statements' sizes ({@code _count} statements, {@code _sum} users read by them). */
  static final String PROFILE_STATEMENT_USERS = "gamification.api.profile.statement.users";

  private Pool pool;
  private Pool boardsPool;
  private KafkaAdminClient kafkaAdmin;
  private TokenVerifier verifier;
  private RewardsFetchers rewards;
  private LeaderboardFetchers leaderboard;
  private Credentials credentials;
  private HttpServer server;
  private HttpServer managementServer;

  @Override
  public Future<?> start() {
    GamificationConfig config = GamificationConfig.fromJson(config());
    // Generic plans on both: the profile's one statement planned at every call (every part) cost several times its
    // execution; the leaderboard reads, re-planned at every call (pruning the other runs' partitions), cost ~1 ms of
    // planning for leaderboardAround, three times its execution, while the generic plan prunes at execution.
    pool = PgPools.create(vertx, config, "api", poolSize(config), PgPools.GENERIC_PLANS);
    boardsPool = PgPools.create(vertx, config, "api-boards", BOARD_POOL_SIZE, PgPools.GENERIC_PLANS);
    AuditLog audit = new AuditLog(pool);
    CatalogFetchers catalog = new CatalogFetchers(pool, audit);
    return TokenVerifiers.create(vertx, config)
      .compose(created -> {
        verifier = created;
        return vertx.executeBlocking(() -> ReadinessProbe.kafkaAdmin(vertx, config));
      })
      .compose(admin -> {
        kafkaAdmin = admin;
        return RewardsFetchers.start(vertx, config, pool);
      })
      .compose(started -> {
        rewards = started;
        return Credentials.start(vertx, config, pool);
      })
      .compose(started -> {
        credentials = started;
        DistributionSummary profileStatements = DistributionSummary.builder(PROFILE_STATEMENT_USERS)
          .description("Users whose profiles one statement read: 1 for a read alone, more for reads that waited for a "
            + "statement together (asked for in one turn of the event loop, or while every connection was busy)")
          .register(ServiceMetrics.registry(vertx));
        ProfileFetchers profile = new ProfileFetchers(pool, poolSize(config),
          task -> context.runOnContext(v -> task.run()), profileStatements::record, audit);
        leaderboard = new LeaderboardFetchers(vertx.eventBus(), boardsPool, pool, audit, config.leaderboardSize());
        ApiWiring.Domains domains = new ApiWiring.Domains(catalog, profile, new HistoryFetchers(pool, audit), leaderboard,
          rewards, new LevelFetchers(pool, audit, vertx.eventBus(), profile.snapshots()),
          new JobFetchers(pool, audit, vertx.eventBus()), new AuditFetchers(pool),
          new ErasureFetchers(audit, vertx.eventBus()), credentials);
        // reading the resource and building the schema are blocking, one-off work
        int costBudget = ApiGraphQL.costBudget(config.leaderboardSize());
        return vertx.executeBlocking(() -> BuiltSchema.build(ApiWiring.create(domains), costBudget));
      })
      .compose(schema -> {
        ReadinessProbe readiness = new ReadinessProbe(pool, kafkaAdmin, config.pgStatementTimeout());
        return listenManagement(config, readiness).compose(v -> listen(config, ApiRouter.create(vertx, config,
          schema.graphQL(), () -> credentials.register(catalog.newRegistry()), schema.sdl(), readiness, verifier,
          credentials, leaderboard.answers())));
      })
      .onSuccess(bound -> LOG.info("API listening on http://{}:{}/graphql", config.httpHost(), bound.actualPort()))
      .recover(failure -> closeResources().transform(ignored -> Future.failedFuture(failure)));
  }

  /** The SDL as served, and the executable schema built from it. */
  private record BuiltSchema(String sdl, GraphQL graphQL) {

    static BuiltSchema build(RuntimeWiring wiring, int costBudget) {
      String sdl = ApiGraphQL.loadSdl();
      return new BuiltSchema(sdl, ApiGraphQL.create(sdl, wiring, costBudget));
    }
  }

  /** The instances of a deployment share the api's connections ({@code GAMIFICATION_PG_POOL_SIZE}); two at least. */
  private static int poolSize(GamificationConfig config) {
    return Math.max(2, (config.pgPoolSize() + config.apiInstances() - 1) / config.apiInstances());
  }

  private Future<HttpServer> listen(GamificationConfig config, Router router) {
    HttpServerOptions options = new HttpServerOptions()
      .setHost(config.httpHost())
      .setPort(config().getInteger(HttpEndpoint.SHARED_PORT, config.httpPort()))
      // HTTP/1.1 (and WebSocket) only: a client asking to upgrade to cleartext HTTP/2 (the JDK HttpClient does by
      // default) gets its answer over HTTP/1.1. Under Vert.x 5.0.7 upgraded connections now and then sent
      // mis-framed DATA frames for large answers (a whole board), which the client rejects as a protocol error.
      .setHttp2ClearTextEnabled(false)
      .addWebSocketSubProtocol(GRAPHQL_WS_SUBPROTOCOL);
    return vertx.createHttpServer(options)
      .requestHandler(router)
      .listen()
      .onSuccess(bound -> server = bound);
  }

  /** With {@code GAMIFICATION_MANAGEMENT_PORT} set: health and metrics on a server of their own, on the API's host. */
  private Future<Void> listenManagement(GamificationConfig config, ReadinessProbe readiness) {
    if (config.managementPort() == null) {
      return Future.succeededFuture();
    }
    HttpServerOptions options = new HttpServerOptions()
      .setHost(config.httpHost())
      .setPort(config().getInteger(HttpEndpoint.SHARED_MANAGEMENT_PORT, config.managementPort()));
    return vertx.createHttpServer(options)
      .requestHandler(ApiRouter.management(vertx, readiness))
      .listen()
      .onSuccess(bound -> {
        managementServer = bound;
        LOG.info("Health and metrics on http://{}:{}/health/ready and /metrics", config.httpHost(), bound.actualPort());
      })
      .mapEmpty();
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    Future<Void> management = managementServer == null ? Future.succeededFuture() : managementServer.close();
    return Future.join(closed, management).transform(ignored -> closeResources());
  }

  private Future<Void> closeResources() {
    List<Future<Void>> closing = new ArrayList<>();
    if (pool != null) {
      closing.add(pool.close());
    }
    if (boardsPool != null) {
      closing.add(boardsPool.close());
    }
    if (kafkaAdmin != null) {
      closing.add(kafkaAdmin.close(KAFKA_CLOSE_TIMEOUT_MS));
    }
    if (rewards != null) {
      closing.add(rewards.close());
    }
    if (verifier != null) {
      closing.add(verifier.close());
    }
    if (leaderboard != null) {
      closing.add(leaderboard.close());
    }
    return Future.join(closing).mapEmpty();
  }

  @Override
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  @Override
  public int actualManagementPort() {
    return managementServer == null ? -1 : managementServer.actualPort();
  }
}
