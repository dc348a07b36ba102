package com.gigsy.gamification.engine;

import com.gigsy.gamification.core.Addresses;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.KafkaClients;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.core.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Publishes the reward outbox to the rewards topic (CONTRACT §4). Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, sent, and marked published in the same transaction once Kafka has
 * acknowledged every record; a crash in between leaves them unpublished, so they are sent again with
 * the same {@code rewardId} (at least once). Runs when the engine signals new rows and every second,
 * which also picks up what other instances or a crashed process left behind. Runs never overlap.
 */
public class RewardsRelayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RewardsRelayVerticle.class);
  /** Outbox rows claimed per run; each holds the rewards of one applied batch (up to a few thousand). */
  private static final int ROWS_PER_RUN = 8;
  private static final long IDLE_POLL_MS = 1_000;
  private static final long PURGE_EVERY_MS = 3_600_000;
  private static final String KEEP_PUBLISHED = "1 day";
  private static final long BACKLOG_SAMPLE_MS = 5_000;

  private final OutboxRepository outbox = new OutboxRepository();
  private Pool pool;
  private KafkaProducer<String, String> producer;
  private String topic;
  private MessageConsumer<Void> signals;
  /** The run in progress, or a completed future: stop waits for it, so a published batch is marked published. */
  private Future<?> current = Future.succeededFuture();
  private boolean running;
  private boolean requested;
  private boolean stopped;
  private long timerId = -1;
  private long backlogTimerId = -1;
  private RelayMetrics metrics;
  private long lastPurge;

  @Override
  public Future<?> start() {
    GamificationConfig config = GamificationConfig.fromJson(config());
    topic = config.rewardsTopic();
    // generic plans: the mark's `id = ANY($1)` was otherwise planned again at every run (a custom plan each time:
    // 0.14 s of planning against 0.18 s of execution over a 30 s stream of small batches, issue 15)
    pool = PgPools.create(vertx, config, "relay", 2, PgPools.GENERIC_PLANS);
    // a run sends the rewards of up to ROWS_PER_RUN batches at once (thousands of records): batches of 256 KiB
    // gathered for up to 20 ms go in a few produce requests, where 16 KiB ones took hundreds, each costing the
    // relay's sender and the broker (issue 15: broker 24 → 13, service 42-48 → 31 µs of CPU per event); a reward
    // reaches the topic at most 20 ms later
    producer = KafkaClients.producer(vertx, config, "gamification-rewards-relay", String.class, String.class,
      Map.of("linger.ms", "20", "batch.size", Integer.toString(256 * 1024)));
    lastPurge = System.currentTimeMillis();
    metrics = new RelayMetrics(ServiceMetrics.registry(vertx));
    sampleBacklog();
    signals = vertx.eventBus().consumer(Addresses.OUTBOX_WRITTEN, message -> relay());
    return signals.completion().onSuccess(v -> relay());
  }

  /** Drains the outbox now, or right after the run in progress. */
  private void relay() {
    if (stopped) {
      return;
    }
    if (running) {
      requested = true;
      return;
    }
    running = true;
    requested = false;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    current = relayBatch().onComplete(rows -> afterRun(rows >= ROWS_PER_RUN), failure -> {
      LOG.warn("Relaying rewards failed, retrying in {} ms: {}", IDLE_POLL_MS, failure.getMessage());
      afterRun(false);
    });
  }

  private void afterRun(boolean more) {
    running = false;
    if (stopped) {
      return;
    }
    if (more || requested) {
      vertx.runOnContext(v -> relay());
    } else {
      timerId = vertx.setTimer(IDLE_POLL_MS, id -> {
        timerId = -1;
        relay();
      });
      purgeIfDue();
    }
  }

  /** Publishes the rewards of up to {@value #ROWS_PER_RUN} outbox rows; how many rows it claimed. */
  private Future<Integer> relayBatch() {
    return pool.withTransaction(conn -> outbox.claim(conn, ROWS_PER_RUN).compose(rewards -> {
      if (rewards.isEmpty()) {
        return Future.succeededFuture(rewards);
      }
      List<Future<?>> sends = rewards.stream()
        .<Future<?>>map(r -> producer.send(KafkaProducerRecord.create(topic, r.userId(), r.payload())))
        .toList();
      return Future.all(sends)
        .compose(v -> outbox.markPublished(conn, rewards))
        .map(v -> rewards);
    })).map(published -> {
      metrics.published(published);
      return (int) published.stream().mapToLong(OutboxRepository.PendingReward::id).distinct().count();
    });
  }

  /** Samples the outbox backlog now and then again {@value #BACKLOG_SAMPLE_MS} ms after each sample completes. */
  private void sampleBacklog() {
    if (stopped) {
      return;
    }
    outbox.backlog(pool)
      .onSuccess(metrics::backlog)
      .onFailure(e -> LOG.debug("Could not sample the outbox backlog: {}", e.getMessage()))
      .onComplete(done -> {
        if (!stopped) {
          backlogTimerId = vertx.setTimer(BACKLOG_SAMPLE_MS, id -> sampleBacklog());
        }
      });
  }

  private void purgeIfDue() {
    long now = System.currentTimeMillis();
    if (now - lastPurge < PURGE_EVERY_MS) {
      return;
    }
    lastPurge = now;
    pool.withConnection(conn -> outbox.purgePublished(conn, KEEP_PUBLISHED))
      .onSuccess(deleted -> LOG.debug("Purged {} published outbox rows", deleted))
      .onFailure(e -> LOG.warn("Purging the outbox failed: {}", e.getMessage()));
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    if (backlogTimerId >= 0) {
      vertx.cancelTimer(backlogTimerId);
    }
    Future<Void> unregistered = signals == null ? Future.succeededFuture() : signals.unregister();
    // closing the pool under a run would roll back the marks of records already sent: they would go out twice
    return unregistered
      .eventually(() -> current)
      .eventually(() -> producer == null ? Future.succeededFuture() : producer.close())
      .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
