package com.gigsy.gamification.runtime;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.KafkaClients;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Creates the events, DLQ and rewards topics when missing, with {@code GAMIFICATION_TOPIC_PARTITIONS}
 * partitions and the broker's default replication factor. A topic another instance created meanwhile
 * counts as created; existing topics are left as they are.
 */
public final class KafkaTopics {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);
  private static final int API_TIMEOUT_MS = 30_000;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private KafkaTopics() {
  }

  /** Completes once every topic exists; fails naming the bootstrap servers when Kafka cannot be reached. */
  public static Future<Void> ensure(Vertx vertx, GamificationConfig config) {
    List<String> names = List.copyOf(new LinkedHashSet<>(
      List.of(config.eventsTopic(), config.dlqTopic(), config.rewardsTopic())));
    List<NewTopic> topics = names.stream()
      .map(name -> new NewTopic(name, Optional.of(config.topicPartitions()), Optional.empty()))
      .toList();
    Map<String, Object> properties = new HashMap<>(KafkaClients.properties(config, "gamification-topics",
      Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(API_TIMEOUT_MS))));
    return vertx.executeBlocking(() -> Admin.create(properties))
      .compose(admin -> {
        var results = admin.createTopics(topics, new CreateTopicsOptions().timeoutMs(API_TIMEOUT_MS)).values();
        List<Future<Void>> each = new ArrayList<>();
        for (String name : names) {
          each.add(Future.fromCompletionStage(results.get(name).toCompletionStage())
            .transform(result -> created(name, result.succeeded() ? null : result.cause(), config)));
        }
        return Future.all(each).<Void>mapEmpty()
          .eventually(() -> vertx.executeBlocking(() -> {
            admin.close(CLOSE_TIMEOUT);
            return null;
          }));
      });
  }

  private static Future<Void> created(String name, Throwable failure, GamificationConfig config) {
    Throwable cause = unwrap(failure);
    if (cause == null) {
      LOG.info("Created topic {} with {} partitions", name, config.topicPartitions());
      return Future.succeededFuture();
    }
    if (cause instanceof TopicExistsException) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(new IllegalStateException("could not create Kafka topic " + name + " on "
      + config.kafkaBootstrap() + ": " + cause.getMessage(), cause));
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
