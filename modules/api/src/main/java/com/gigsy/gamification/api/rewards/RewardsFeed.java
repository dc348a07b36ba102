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
 * every partition of the topic for itself — its own assignment, no consumer group — so a reward granted by any
 * instance reaches the subscribers of every instance. Records are dispatched by user id to the
 * {@link RewardStream}s open for that user, each getting the rewards published from the moment it opened.
 * <p>
 * Only while a subscription is open here: with none, the partitions are paused and nothing is fetched (reading
 * every reward of the platform for nobody cost the service a sixth of its CPU under load). The first subscription
 * after a pause resumes reading at the records published {@link #RESUME_LOOKBACK_MS} before it opened (by their
 * timestamps), so none published after it opened is missed while the consumer seeks; a stream is offered only the
 * records stamped at most {@link #CLOCK_TOLERANCE_MS} before it opened (the relaying instance's clock may differ a
 * little from this one's).
 */
final class RewardsFeed {

  private static final Logger LOG = LoggerFactory.getLogger(RewardsFeed.class);

  /** Longest wait of one metadata or position call. */
  static final long API_TIMEOUT_MS = 5_000;
  /** Pause between attempts to start reading when Kafka did not answer. */
  static final long RETRY_MS = 5_000;
  /** How far before the first subscription after a pause the feed starts reading again. */
  static final long RESUME_LOOKBACK_MS = 10_000;
  /** A record stamped this much before a stream opened is still offered to it (clocks of instances differ). */
  static final long CLOCK_TOLERANCE_MS = 1_000;

  private final Vertx vertx;
  private final String topic;
  private final KafkaConsumer<String, String> consumer;
  private final Map<String, Set<RewardStream>> streams = new ConcurrentHashMap<>();
  private volatile boolean closed;

  // guarded by this
  /** The partitions read, once assigned. */
  private Set<TopicPartition> partitions;
  /** Whether the partitions are being read (not paused), as of the last change that succeeded. */
  private boolean reading = true;
  /** Where the next resumption reads from: the earliest stream opened since the feed was last known to read, less the lookback. */
  private long resumeFromMillis = Long.MAX_VALUE;
  /** Whether a pause or resumption is under way; while one is, another is only asked for ({@link #again}). */
  private boolean changing;
  /** Whether the streams changed while a pause or resumption was under way: settle again after it. */
  private boolean again;

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
        .onSuccess(v -> {
          LOG.info("Subscriptions read the rewards topic {} ({} partitions) from its end while any is open", topic,
            partitions.size());
          synchronized (this) {
            this.partitions = partitions;
          }
          settle();
        })
        .mapEmpty();
    });
  }

  /** A stream of the user's rewards from now on; cancelling it unregisters it. */
  RewardStream subscribe(String userId) {
    long now = System.currentTimeMillis();
    RewardStream stream = new RewardStream(userId, now, this::unregister);
    streams.computeIfAbsent(userId, id -> new CopyOnWriteArraySet<>()).add(stream);
    synchronized (this) {
      // kept until the feed is known to read: a pause still under way when this stream opened is undone from here
      resumeFromMillis = Math.min(resumeFromMillis, now - RESUME_LOOKBACK_MS);
    }
    settle();
    return stream;
  }

  private void unregister(RewardStream stream) {
    streams.computeIfPresent(stream.userId(), (id, set) -> {
      set.remove(stream);
      return set.isEmpty() ? null : set;
    });
    settle();
  }

  /** Whether the feed is reading the topic now (for tests): false while paused or before its partitions are assigned. */
  Future<Boolean> reading() {
    Set<TopicPartition> assigned;
    synchronized (this) {
      assigned = partitions;
    }
    return assigned == null ? Future.succeededFuture(false) : consumer.paused().map(Set::isEmpty);
  }

  /**
   * Brings the consumer to what the open streams need: reading while any is open, paused otherwise. One change at a
   * time; the streams that open or close meanwhile are settled once after it, whatever their number — not a change
   * queued per stream, whose futures would complete one inside the other on the event loop's stack (a burst of
   * thousands of subscriptions, clients reconnecting after a deployment, would overflow it).
   */
  private synchronized void settle() {
    if (changing) {
      again = true;
      return;
    }
    changing = true;
    change().onComplete(done -> {
      boolean rerun;
      synchronized (this) {
        changing = false;
        rerun = again;
        again = false;
      }
      if (rerun) {
        settle();
      }
    });
  }

  private Future<Void> change() {
    Set<TopicPartition> assigned;
    boolean wanted;
    long from;
    synchronized (this) {
      assigned = partitions;
      wanted = !streams.isEmpty();   // a user's set leaves the map with its last stream
      from = resumeFromMillis;
      if (assigned == null || closed) {
        return Future.succeededFuture();
      }
      if (wanted == reading) {
        if (reading) {
          resumeFromMillis = Long.MAX_VALUE;
        }
        return Future.succeededFuture();
      }
    }
    Future<Void> change = wanted ? resume(assigned, from) : consumer.pause(assigned);
    return change
      .onSuccess(v -> {
        synchronized (this) {
          reading = wanted;
          if (wanted) {
            resumeFromMillis = Long.MAX_VALUE;
          }
        }
      })
      .recover(failure -> {
        LOG.warn("Could not {} reading the rewards topic {} ({}); trying again in {} ms", wanted ? "resume" : "pause",
          topic, failure.getMessage(), RETRY_MS);
        vertx.setTimer(RETRY_MS, id -> settle());
        return Future.succeededFuture();
      });
  }

  /**
   * Reads again, from the first record stamped at or after {@code fromMillis}; where there is none, from the end the
   * partition had just before that question. The end is asked for first and sought to explicitly: the consumer's own
   * seek to the end is resolved lazily, at its next poll — a second or more later while the partitions are paused — and
   * would skip every reward published in between (a subscription opened on a quiet topic missed its first rewards).
   */
  private Future<Void> resume(Set<TopicPartition> assigned, long fromMillis) {
    Map<TopicPartition, Long> times = assigned.stream().collect(Collectors.toMap(p -> p, p -> fromMillis));
    return consumer.endOffsets(assigned)
      .compose(ends -> consumer.offsetsForTimes(times)
        .compose(offsets -> Future.all(assigned.stream()
          .map(partition -> {
            var offset = offsets.get(partition);
            return consumer.seek(partition, offset == null ? ends.get(partition) : offset.getOffset());
          })
          .toList())))
      .compose(v -> consumer.resume(assigned));
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
      for (RewardStream stream : forUser) {
        if (record.timestamp() >= stream.openedAtMillis() - CLOCK_TOLERANCE_MS) {
          stream.offer(reward);
        }
      }
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
