package com.gigsy.gamification.testing;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Reads every record of a topic from the beginning, in the background, for assertions. */
public final class TopicCollector implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<ConsumerRecord<byte[], byte[]>> records = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean closed;

  public TopicCollector(String bootstrap, String topic) {
    consumer = new KafkaConsumer<>(Map.of(
      "bootstrap.servers", bootstrap,
      "auto.offset.reset", "earliest",
      "enable.auto.commit", "false"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
      .map(p -> new TopicPartition(topic, p.partition()))
      .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this::run, "collector-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (!closed) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  public List<ConsumerRecord<byte[], byte[]>> matching(Predicate<ConsumerRecord<byte[], byte[]>> filter) {
    return records.stream().filter(filter).toList();
  }

  /** Records whose key is the given user id. */
  public List<ConsumerRecord<byte[], byte[]>> forKey(String key) {
    return matching(r -> r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8)));
  }

  public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  public static String value(ConsumerRecord<byte[], byte[]> record) {
    return new String(record.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    consumer.wakeup();
    thread.join(10_000);
  }
}
