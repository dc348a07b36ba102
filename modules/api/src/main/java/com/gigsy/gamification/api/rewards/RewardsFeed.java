package com.gigsy.gamification.api.rewards;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.KafkaClients;
import com.gigsy.gamification.core.RewardMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.PartitionInfo;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.stream.Collectors;

/**
 * Feeds {@code rewardGranted} subscriptions from the rewards topic (CONTRACT §4). Each API instance reads
 * every partition of the topic for itself — its own assignment, no consumer group, from the end of the
 * log at start — so a reward granted by any instance reaches the subscribers of every instance. Records
 * are dispatched by user id to the {@link RewardStream}s open for that user.
 */
final class RewardsFeed {

  private static final Logger LOG = LoggerFactory.getLogger(RewardsFeed.class);

  /** Longest wait of one metadata or position call. */
  static final long API_TIMEOUT_MS = 5_000;
  /** Pause between attempts to start reading when Kafka did not answer. */
  static final long RETRY_MS = 5_000;

  private final Vertx vertx;
  private final String topic;
  private final KafkaConsumer<String, String> consumer;
  private final Map<String, Set<RewardStream>> streams = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private RewardsFeed(Vertx vertx, String topic, KafkaConsumer<String, String> consumer) {
    this.vertx = vertx;
    this.topic = topic;
    this.consumer = consumer;
    consumer.exceptionHandler(failure -> LOG.warn("Reading the rewards topic {} failed: {}", topic, failure.getMessage()));
    consumer.handler(this::dispatch);
  }

  /**
   * A feed reading {@code topic} from its current end. The returned future completes once the start
   * positions are fixed — any reward published afterwards reaches the subscribers — or once the first
   * attempt failed (Kafka unreachable: the API still starts, readiness reports Kafka down, and the feed
   * tries again every {@link #RETRY_MS} until it reads).
   */
  static Future<RewardsFeed> start(Vertx vertx, GamificationConfig config) {
    Map<String, String> settings = Map.of(
      "auto.offset.reset", "latest",
      // bounds the wait of metadata and position calls when the brokers do not answer
      "default.api.timeout.ms", Long.toString(API_TIMEOUT_MS));
    return vertx.executeBlocking(() -> KafkaClients.consumer(vertx, config, "gamification-api-rewards-" + UUID.randomUUID(),
        String.class, String.class, settings))
      .map(consumer -> new RewardsFeed(vertx, config.rewardsTopic(), consumer))
      .compose(feed -> feed.assignAll().transform(ignored -> Future.succeededFuture(feed)));
  }

  /** Reads every partition from its end; on failure, logs and tries again later. Completes after the first attempt. */
  private Future<Void> assignAll() {
    return assignOnce().recover(failure -> {
      if (!closed) {
        LOG.warn("Subscriptions cannot read the rewards topic {} yet ({}); trying again in {} ms", topic, failure.getMessage(),
          RETRY_MS);
        vertx.setTimer(RETRY_MS, id -> {
          if (!closed) {
            assignAll();
          }
        });
      }
      return Future.succeededFuture();
    });
  }

  private Future<Void> assignOnce() {
    return consumer.partitionsFor(topic).compose(infos -> {
      if (infos.isEmpty()) {
        return Future.failedFuture(new IllegalStateException("the rewards topic " + topic + " has no partitions"));
      }
      Set<TopicPartition> partitions = infos.stream()
        .map(PartitionInfo::getPartition)
        .map(partition -> new TopicPartition(topic, partition))
        .collect(Collectors.toSet());
      return consumer.assign(partitions)
        .compose(v -> consumer.seekToEnd(partitions))
        // asking for the positions fixes them now, rather than at some later poll
        .compose(v -> Future.all(partitions.stream().map(consumer::position).toList()))
        .onSuccess(v ->
          LOG.info("Subscriptions read the rewards topic {} ({} partitions) from its end", topic, partitions.size()))
        .mapEmpty();
    });
  }

  /** A stream of the user's rewards from now on; cancelling it unregisters it. */
  RewardStream subscribe(String userId) {
    Set<RewardStream> forUser = streams.computeIfAbsent(userId, id -> new CopyOnWriteArraySet<>());
    RewardStream stream = new RewardStream(userId, this::unregister);
    forUser.add(stream);
    return stream;
  }

  private void unregister(RewardStream stream) {
    streams.computeIfPresent(stream.userId(), (id, set) -> {
      set.remove(stream);
      return set.isEmpty() ? null : set;
    });
  }

  private void dispatch(KafkaConsumerRecord<String, String> record) {
    if (record.key() != null && !streams.containsKey(record.key())) {
      return;   // keyed by user id (CONTRACT §4): nobody here listens to this user, no need to read it
    }
    RewardMessage reward;
    try {
      reward = RewardMessage.fromJson(new JsonObject(record.value()));
    } catch (RuntimeException e) {
      LOG.warn("Skipped a record of {} (partition {}, offset {}) that is not a reward: {}", topic, record.partition(),
        record.offset(), e.getMessage());
      return;
    }
    Set<RewardStream> forUser = streams.get(reward.userId());
    if (forUser != null) {
      forUser.forEach(stream -> stream.offer(reward));
    }
  }

  /** Completes every open stream and stops reading. */
  Future<Void> close() {
    closed = true;
    List<RewardStream> open = streams.values().stream().flatMap(Set::stream).toList();
    streams.clear();
    open.forEach(RewardStream::complete);
    return consumer.close();
  }
}
