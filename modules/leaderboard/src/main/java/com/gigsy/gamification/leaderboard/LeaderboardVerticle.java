package com.gigsy.gamification.leaderboard;

import com.gigsy.gamification.core.Addresses;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.LeaderboardMetrics;
import com.gigsy.gamification.core.PgPools;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.UUID;

/**
 * The leaderboard role: computes the boards at start and then every {@code GAMIFICATION_LEADERBOARD_INTERVAL}
 * ({@link RecomputeSchedule}), once per interval across instances ({@link Recompute}), and on request
 * on {@link Addresses#LEADERBOARD_RECOMPUTE}.
 */
public class LeaderboardVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderboardVerticle.class);

  /** One connection computes; the second lets a forced computation wait for the lock meanwhile. */
  private static final int POOL_SIZE = 2;

  private Pool pool;
  private Pool loads;
  private Recompute recompute;
  private RecomputeSchedule schedule;
  private MessageConsumer<Object> consumer;

  @Override
  public Future<?> start() {
    GamificationConfig config = GamificationConfig.fromJson(config());
    pool = PgPools.create(vertx, config, "leaderboard", POOL_SIZE);
    loads = PgPools.create(vertx, config, "leaderboard-load", Recompute.LOAD_CONNECTIONS);
    recompute = new Recompute(pool, loads, config.leaderboardInterval(), runnerName(), LeaderboardMetrics.of(vertx));
    schedule = new RecomputeSchedule(vertx, recompute, config.leaderboardInterval());
    consumer = vertx.eventBus().consumer(Addresses.LEADERBOARD_RECOMPUTE, this::onRecompute);
    return consumer.completion().onSuccess(v -> schedule.start());
  }

  private void onRecompute(Message<Object> message) {
    recompute.forced().onComplete(
      outcome -> message.reply(new JsonObject().put("computedAt", outcome.computedAt().toInstant().toString())),
      failure -> {
        LOG.warn("Leaderboard computation on request failed: {}", failure.getMessage());
        message.fail(ReplyFailure.RECIPIENT_FAILURE.toInt(), "the leaderboard could not be computed: " + failure.getMessage());
      });
  }

  /**
   * Names this instance in {@code leaderboard_runs.runner}: the JVM ({@code pid@host}) and a random tag, as
   * deployment ids repeat across Vert.x instances.
   */
  private static String runnerName() {
    return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public Future<?> stop() {
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return unregistered
      .eventually(() -> schedule == null ? Future.succeededFuture() : schedule.stop())
      .eventually(() -> pool == null ? Future.succeededFuture() : pool.close())
      .eventually(() -> loads == null ? Future.succeededFuture() : loads.close());
  }
}
