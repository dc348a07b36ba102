package com.gigsy.gamification.testing;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Produces records to the events topic the way other Gigsy services would, waiting for each ack. */
public final class EventSender implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;

  public EventSender(String bootstrap, String topic) {
    this.topic = topic;
    this.producer = new KafkaProducer<>(Map.of(
      "bootstrap.servers", bootstrap,
      "acks", "all",
      "max.request.size", "2097152"), new ByteArraySerializer(), new ByteArraySerializer());
  }

  public static JsonObject event(String eventName, String userId, String relatedEntityId) {
    JsonObject event = new JsonObject()
      .put("eventId", UUID.randomUUID().toString())
      .put("eventName", eventName)
      .put("userId", userId);
    if (relatedEntityId != null) {
      event.put("relatedEntityId", relatedEntityId);
    }
    return event;
  }

  /** Sends a JSON event keyed by its user id; returns it. */
  public JsonObject send(JsonObject event) {
    send(event.getString("userId"), event.encode());
    return event;
  }

  public JsonObject send(String eventName, String userId, String relatedEntityId) {
    return send(event(eventName, userId, relatedEntityId));
  }

  /** Sends raw text as the record value. */
  public void send(String key, String value) {
    send(key, value.getBytes(StandardCharsets.UTF_8));
  }

  public void send(String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("Could not produce to " + topic + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
