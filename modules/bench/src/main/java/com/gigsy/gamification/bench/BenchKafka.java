package com.gigsy.gamification.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The benchmark's Kafka side: a bulk producer of {@link BenchWorkload} events (acks=all, batching), a
 * low-latency producer for probes, and a poller of the service group's committed offsets (every 100 ms,
 * through the AdminClient), whose samples give the durable rate and the chart's timeline.
 */
final class BenchKafka implements AutoCloseable {

  /** A moment of the timeline: seconds since the poller started, records committed by the group, records acknowledged by the broker. */
  record Sample(double seconds, long committed, long produced) {
  }

  private final String topic;
  private final String group;
  private final KafkaProducer<byte[], byte[]> bulk;
  private final KafkaProducer<byte[], byte[]> probe;
  private final Admin admin;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
  private final List<Sample> samples = new ArrayList<>();
  private final long origin = System.nanoTime();
  private final Thread poller;
  private volatile long committed;
  private volatile boolean closed;

  BenchKafka(String bootstrap, String topic, String group, String compression) {
    this.topic = topic;
    this.group = group;
    this.bulk = new KafkaProducer<>(Map.of(
      ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
      ProducerConfig.ACKS_CONFIG, "all",
      ProducerConfig.LINGER_MS_CONFIG, "10",
      ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024),
      ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L * 1024 * 1024),
      ProducerConfig.COMPRESSION_TYPE_CONFIG, compression), new ByteArraySerializer(), new ByteArraySerializer());
    this.probe = new KafkaProducer<>(Map.of(
      ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
      ProducerConfig.ACKS_CONFIG, "all",
      ProducerConfig.LINGER_MS_CONFIG, "0"), new ByteArraySerializer(), new ByteArraySerializer());
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    this.poller = new Thread(this::poll, "bench-offsets");
    this.poller.setDaemon(true);
    this.poller.start();
  }

  /** Sends {@code count} events of {@code prefix} as fast as the producer takes them; returns once all are acknowledged. */
  void produce(BenchWorkload workload, String prefix, long count) {
    produce(count, i -> {
      BenchWorkload.Event event = workload.event(prefix, i);
      return new ProducerRecord<>(topic, event.userId().getBytes(StandardCharsets.UTF_8), workload.json(event));
    });
  }

  /** Sends {@code count} records ({@code record} of each index) as fast as the producer takes them; returns once all are acknowledged. */
  void produce(long count, LongFunction<ProducerRecord<byte[], byte[]>> record) {
    long step = Math.max(100_000, count / 4);
    for (long i = 0; i < count; i++) {
      send(bulk, record.apply(i));
      if ((i + 1) % step == 0 && i + 1 < count) {
        BenchRun.progress("  produced %,d of %,d (acknowledged %,d, committed by the service %,d)", i + 1, count,
          acked(), committed());
      }
    }
    bulk.flush();
    failIfSendFailed();
  }

  /** Sends one event without waiting (probes and paced streams). */
  void sendNow(BenchWorkload workload, BenchWorkload.Event event, boolean probeProducer) {
    send(probeProducer ? probe : bulk,
      new ProducerRecord<>(topic, event.userId().getBytes(StandardCharsets.UTF_8), workload.json(event)));
  }

  /** A record of the events topic. */
  ProducerRecord<byte[], byte[]> record(byte[] key, byte[] value) {
    return new ProducerRecord<>(topic, key, value);
  }

  private void send(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record) {
    producer.send(record,
      (metadata, error) -> {
        if (error != null) {
          sendFailure.compareAndSet(null, error);
        } else {
          acked.incrementAndGet();
        }
      });
  }

  void flush() {
    bulk.flush();
    probe.flush();
    failIfSendFailed();
  }

  private void failIfSendFailed() {
    if (sendFailure.get() != null) {
      throw new IllegalStateException("producing to " + topic + " failed: " + sendFailure.get(), sendFailure.get());
    }
  }

  /** Records acknowledged by the broker so far. */
  long acked() {
    return acked.get();
  }

  /** The group's committed offsets on the events topic, summed over partitions (as of the last poll, ≤ 100 ms old). */
  long committed() {
    return committed;
  }

  double now() {
    return (System.nanoTime() - origin) / 1e9;
  }

  synchronized List<Sample> samples() {
    return new ArrayList<>(samples);
  }

  /** Reads the committed offsets now (not from the last poll). */
  long readCommitted() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
      .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    long sum = 0;
    for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet()) {
      if (entry.getKey().topic().equals(topic) && entry.getValue() != null) {
        sum += entry.getValue().offset();
      }
    }
    return sum;
  }

  private void poll() {
    while (!closed) {
      long started = System.nanoTime();
      try {
        long sum = readCommitted();
        committed = sum;
        synchronized (this) {
          samples.add(new Sample(now(), sum, acked.get()));
        }
      } catch (Exception e) {
        if (closed) {
          return;
        }
      }
      long sleep = 100 - (System.nanoTime() - started) / 1_000_000;
      if (sleep > 0) {
        try {
          Thread.sleep(sleep);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /**
   * Waits until the group committed {@code target} records in all; fails when nothing moved for
   * {@code stallSeconds}. Returns the first sample at or above the target.
   */
  Sample awaitCommitted(long target, double stallSeconds, Runnable progress) {
    long last = -1;
    double lastMove = now();
    double lastPrint = now();
    while (true) {
      long now = committed;
      if (now >= target) {
        List<Sample> all = samples();
        for (Sample sample : all) {
          if (sample.committed() >= target) {
            return sample;
          }
        }
      }
      if (now != last) {
        last = now;
        lastMove = now();
      } else if (now() - lastMove > stallSeconds) {
        throw new IllegalStateException("the service committed nothing for " + stallSeconds + " s (at " + now + " of "
          + target + " records)");
      }
      if (progress != null && now() - lastPrint >= 5) {
        lastPrint = now();
        progress.run();
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    poller.interrupt();
    bulk.close();
    probe.close();
    admin.close();
  }
}
