package com.gigsy.gamification.ingest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.impl.KafkaConsumerRecordImpl;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * For tests of lanes: records named {@code partition@offset}, and a processor that notes each batch it is given and
 * leaves it in flight until the test finishes it.
 */
final class TestBatches {

  static final String TOPIC = "events";

  /** One call of the processor, with the promise that finishes it. */
  record Call(List<String> records, Promise<Void> done) {
  }

  final List<Call> calls = new CopyOnWriteArrayList<>();
  /** The records of every batch reported applied, in the order of the reports. */
  final List<String> applied = new CopyOnWriteArrayList<>();
  private final Context context;

  TestBatches(Context context) {
    this.context = context;
  }

  Future<Void> process(List<KafkaConsumerRecord<byte[], byte[]>> batch) {
    Promise<Void> done = Promise.promise();
    calls.add(new Call(names(batch), done));
    return done.future();
  }

  void applied(List<KafkaConsumerRecord<byte[], byte[]>> batch) {
    applied.addAll(names(batch));
  }

  /** Finishes call number {@code call}: applied, or failed as when PostgreSQL is down. */
  void finish(int call, boolean success) {
    OnLoop.call(context, () -> success ? calls.get(call).done().tryComplete() : calls.get(call).done().tryFail("PostgreSQL is down"));
  }

  static KafkaConsumerRecord<byte[], byte[]> record(int partition, long offset) {
    return record(partition, offset, 0);
  }

  /** A record whose key and value weigh {@code bytes} together. */
  static KafkaConsumerRecord<byte[], byte[]> record(int partition, long offset, int bytes) {
    return new KafkaConsumerRecordImpl<>(new ConsumerRecord<>(TOPIC, partition, offset, new byte[bytes / 2],
      new byte[bytes - bytes / 2]));
  }

  static List<String> names(List<KafkaConsumerRecord<byte[], byte[]>> batch) {
    List<String> names = new ArrayList<>();
    batch.forEach(r -> names.add(r.partition() + "@" + r.offset()));
    return names;
  }

  static void await(String what, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      Thread.onSpinWait();
    }
  }
}
