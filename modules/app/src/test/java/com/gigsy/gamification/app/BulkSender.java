package com.gigsy.gamification.app;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Produces many records quickly (pipelined, then flushed), keeping where each one landed. */
final class BulkSender implements AutoCloseable {

  /** Where a record landed, and its value. */
  record Sent(int partition, long offset, byte[] value) {
  }

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;

  BulkSender(String bootstrap, String topic) {
    this.topic = topic;
    this.producer = new KafkaProducer<>(Map.of(
      "bootstrap.servers", bootstrap,
      "acks", "all",
      "linger.ms", "5",
      "max.request.size", "2097152"), new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** One record to send: a key (UTF-8) and a raw value. */
  record Record(String key, byte[] value) {
  }

  List<Sent> send(List<Record> records) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
    for (Record record : records) {
      acks.add(producer.send(new ProducerRecord<>(topic, record.key().getBytes(StandardCharsets.UTF_8), record.value())));
    }
    producer.flush();
    List<Sent> sent = new ArrayList<>(records.size());
    try {
      for (int i = 0; i < acks.size(); i++) {
        RecordMetadata metadata = acks.get(i).get(60, TimeUnit.SECONDS);
        sent.add(new Sent(metadata.partition(), metadata.offset(), records.get(i).value()));
      }
    } catch (Exception e) {
      throw new AssertionError("Could not produce to " + topic + ": " + e.getMessage(), e);
    }
    return sent;
  }

  @Override
  public void close() {
    producer.close();
  }
}
