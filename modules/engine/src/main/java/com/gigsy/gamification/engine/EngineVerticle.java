package com.gigsy.gamification.engine;

import com.gigsy.gamification.core.Addresses;
import com.gigsy.gamification.core.ApplyBatch;
import com.gigsy.gamification.core.ApplyResult;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.core.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Applies batches of events sent by ingest on {@link Addresses#EVENTS_APPLY}: rules are matched and
 * rewards written in PostgreSQL (see {@link EventApplier}), and the rewards relay is told when new rows
 * are in the outbox. Rules are read inside the write transaction, so a rule changed through the API
 * applies to the very next batch. It also keeps the inbox bounded ({@link InboxRetention}).
 */
public class EngineVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EngineVerticle.class);
  /** How often the inbox's partitions are looked after (at start, then this often). */
  private static final Duration RETENTION_INTERVAL = Duration.ofHours(1);

  private Pool pool;
  private EventApplier applier;
  private MessageConsumer<ApplyBatch> consumer;
  private EngineMetrics metrics;
  private InboxRetention retention;
  private long retentionTimer = -1;

  @Override
  public Future<?> start() {
    GamificationConfig config = GamificationConfig.fromJson(config());
    pool = PgPools.create(vertx, config, "engine", config.pgPoolSize());
    applier = new EventApplier(pool, config.pgStatementTimeout());
    metrics = new EngineMetrics(ServiceMetrics.registry(vertx));
    retention = new InboxRetention(pool, config.inboxRetention());
    retentionTimer = vertx.setPeriodic(RETENTION_INTERVAL.toMillis(), id -> keepInboxBounded());
    // The first run is over before any batch is taken: this month's partition exists, and nothing of the run races
    // with what follows (a run that fails or finds the lock taken does not stop the start).
    return keepInboxBounded().compose(ran -> {
      consumer = vertx.eventBus().consumer(Addresses.EVENTS_APPLY, this::onBatch);
      return consumer.completion();
    });
  }

  private void onBatch(Message<ApplyBatch> message) {
    ApplyBatch batch = message.body();
    long started = System.nanoTime();
    applier.apply(batch.events()).onComplete(outcomes -> {
      metrics.applied(outcomes, System.nanoTime() - started);
      ApplyResult result = new ApplyResult(outcomes);
      if (outcomes.stream().anyMatch(o -> o.rewards() > 0)) {
        vertx.eventBus().send(Addresses.OUTBOX_WRITTEN, null);
      }
      message.reply(result);
    }, failure -> {
      LOG.warn("Could not apply {} events (first {}), will be retried: {}", batch.events().size(),
        batch.events().isEmpty() ? "-" : batch.events().get(0).eventId(), SqlFailures.describe(failure));
      message.fail(ReplyFailure.RECIPIENT_FAILURE.toInt(), SqlFailures.describe(failure));
    });
  }

  private Future<Void> keepInboxBounded() {
    return retention.run().onComplete(outcome -> {
      if (outcome.created() > 0 || outcome.dropped() > 0) {
        LOG.info("Inbox: {} partitions created, {} older than the retention dropped", Math.max(0, outcome.created()),
          Math.max(0, outcome.dropped()));
      }
    }, failure -> LOG.warn("Inbox partitions not looked after, will try again in {}: {}", RETENTION_INTERVAL,
      SqlFailures.describe(failure))).<Void>mapEmpty().recover(failure -> Future.succeededFuture());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(retentionTimer);
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return unregistered.eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
