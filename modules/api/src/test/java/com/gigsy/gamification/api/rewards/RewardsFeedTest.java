package com.gigsy.gamification.api.rewards;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.TestStack;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class RewardsFeedTest {

  @Test
  @DisplayName("The feed fetches nothing while no subscription is open; one opening later gets the rewards published from its moment on, none from before")
  void readsOnlyWhileSubscribed(Vertx vertx) throws Exception {
    GamificationConfig config = configWithRewardsTopic();
    String topic = config.rewardsTopic();
    String user = "fed-" + UUID.randomUUID();
    RewardsFeed feed = idleFeed(vertx, config);
    try (KafkaProducer<String, String> producer = producer()) {

      long now = System.currentTimeMillis();
      // published before the subscription: one long before (not read again), one just before (read, not offered)
      send(producer, topic, user, "long-before", now - 10 * RewardsFeed.RESUME_LOOKBACK_MS);
      send(producer, topic, user, "just-before", now - RewardsFeed.CLOCK_TOLERANCE_MS - 3_000);

      RewardStream stream = feed.subscribe(user);
      List<String> received = new CopyOnWriteArrayList<>();
      Subscription subscription = subscribeAll(stream, received);
      // published the moment the subscription opened, before the feed has sought and resumed: not missed
      send(producer, topic, user, "at-once", System.currentTimeMillis());
      Await.until("the subscribed feed reads", () -> Await.result(feed.reading()));
      send(producer, topic, user, "later", System.currentTimeMillis());

      // the records of one user share a partition: "later" arrives after any earlier one that is offered
      Await.until("the rewards since the subscription arrive", () -> received.contains("later"));
      assertThat(received).containsExactly("at-once", "later");

      subscription.cancel();
      Await.until("the feed pauses again once its last subscription ends", () -> !Await.result(feed.reading()));
    } finally {
      Await.result(feed.close());
    }
  }

  @Test
  @DisplayName("A subscription opening on a topic quiet for longer than the lookback misses no reward published while the feed seeks to the end and resumes")
  void noneMissedWhileResumingFromTheEnd(Vertx vertx) throws Exception {
    GamificationConfig config = configWithRewardsTopic();
    String topic = config.rewardsTopic();
    String user = "quiet-" + UUID.randomUUID();
    RewardsFeed feed = idleFeed(vertx, config);
    try (KafkaProducer<String, String> producer = producer()) {
      List<String> received = new CopyOnWriteArrayList<>();
      subscribeAll(feed.subscribe(user), received);

      // no record stamped within the lookback: the feed reads from the end; rewards keep coming while it gets there.
      // The first comes after the feed asked for the offsets by time (behind at most one idle poll of a second), so
      // the end it reads from is fixed by the seek, not by a record found
      Thread.sleep(1_500);
      List<String> sent = new java.util.ArrayList<>();
      for (int i = 0; sent.isEmpty() || !Await.result(feed.reading()); i++) {
        sent.add("while-resuming-" + i);
        send(producer, topic, user, sent.get(i), System.currentTimeMillis());
        Thread.sleep(20);   // paces the probes over the resumption, whatever it takes; nothing waits on it
      }
      sent.add("after");
      send(producer, topic, user, "after", System.currentTimeMillis());

      Await.until("the last reward arrives", () -> received.contains("after"));
      assertThat(received).containsExactlyElementsOf(sent);
    } finally {
      Await.result(feed.close());
    }
  }

  @Test
  @DisplayName("A burst of 20,000 subscriptions opened and closed while the feed resumes settles it once, paused again at the end")
  void burstOfSubscriptions(Vertx vertx) throws Exception {
    GamificationConfig config = configWithRewardsTopic();
    RewardsFeed feed = idleFeed(vertx, config);
    try {
      List<RewardStream> streams = new java.util.ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        streams.add(feed.subscribe("burst-" + i));
      }
      Await.until("the feed reads for them", () -> Await.result(feed.reading()));
      for (RewardStream stream : streams) {
        stream.subscribe(new Subscriber<>() {
          @Override
          public void onSubscribe(Subscription s) {
            s.cancel();
          }

          @Override
          public void onNext(com.gigsy.gamification.core.RewardMessage reward) {
          }

          @Override
          public void onError(Throwable failure) {
          }

          @Override
          public void onComplete() {
          }
        });
      }
      Await.until("the feed pauses once the last one is closed", () -> !Await.result(feed.reading()));
    } finally {
      Await.result(feed.close());
    }
  }

  /** A configuration of the test stack's, its rewards topic created with three partitions. */
  private static GamificationConfig configWithRewardsTopic() throws Exception {
    GamificationConfig config = TestStack.get().config();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.get().kafkaBootstrap()))) {
      admin.createTopics(List.of(new NewTopic(config.rewardsTopic(), 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    return config;
  }

  /** A feed started on {@code config}, once it has paused its partitions for want of subscriptions. */
  private static RewardsFeed idleFeed(Vertx vertx, GamificationConfig config) {
    RewardsFeed feed = Await.result(RewardsFeed.start(vertx, config));
    Await.until("the idle feed pauses its partitions", () -> !Await.result(feed.reading()));
    return feed;
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(Map.of("bootstrap.servers", TestStack.get().kafkaBootstrap()), new StringSerializer(),
      new StringSerializer());
  }

  /** Collects the event ids of every reward {@code stream} offers into {@code received}; returns the subscription. */
  private static Subscription subscribeAll(RewardStream stream, List<String> received) {
    Subscription[] subscription = new Subscription[1];
    stream.subscribe(new Subscriber<>() {
      @Override
      public void onSubscribe(Subscription s) {
        subscription[0] = s;
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(com.gigsy.gamification.core.RewardMessage reward) {
        received.add(reward.eventId());
      }

      @Override
      public void onError(Throwable failure) {
      }

      @Override
      public void onComplete() {
      }
    });
    return subscription[0];   // a RewardStream calls onSubscribe before subscribe returns
  }

  private static void send(KafkaProducer<String, String> producer, String topic, String user, String eventId,
                           long timestamp) throws Exception {
    JsonObject reward = new JsonObject().put("rewardId", UUID.randomUUID().toString()).put("type", "POINTS")
      .put("userId", user).put("ruleId", "1").put("eventId", eventId).put("points", 5)
      .put("awardedAt", "2026-12-01T00:00:00.000000Z");
    producer.send(new ProducerRecord<>(topic, null, timestamp, user, reward.encode())).get(30, TimeUnit.SECONDS);
  }
}
