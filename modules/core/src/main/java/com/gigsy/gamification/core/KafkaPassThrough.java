package com.gigsy.gamification.core;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GAMIFICATION_KAFKA_<PROPERTY>} (CONTRACT §11): every environment variable with that prefix that is not
 * a {@link Setting} of its own (such as {@code GAMIFICATION_KAFKA_BOOTSTRAP}) becomes a Kafka client property,
 * lower-case with dots for underscores ({@code GAMIFICATION_KAFKA_SECURITY_PROTOCOL} → {@code security.protocol}),
 * applied to every client the service opens. The properties the service's correctness rests on are its own: a
 * variable that would set one of them stops start-up, naming it and why.
 */
final class KafkaPassThrough {

  static final String PREFIX = "GAMIFICATION_KAFKA_";

  /** The properties the service sets itself, and why a pass-through may not change them. */
  static final Map<String, String> PROTECTED = protectedProperties();

  private KafkaPassThrough() {
  }

  private static Map<String, String> protectedProperties() {
    Map<String, String> reasons = new LinkedHashMap<>();
    reasons.put("bootstrap.servers", "set it with " + Setting.KAFKA_BOOTSTRAP.variable());
    reasons.put("client.id", "the service names each of its clients (they show apart in the broker's logs and metrics)");
    reasons.put("group.id", "set it with " + Setting.CONSUMER_GROUP.variable());
    reasons.put("group.instance.id", "set it with " + Setting.INSTANCE_ID.variable());
    reasons.put("enable.auto.commit", "offsets are committed only once the records' effects are durable");
    reasons.put("auto.offset.reset", "a group without offsets starts from the earliest record (CONTRACT §1)");
    reasons.put("isolation.level", "the service reads committed records only (read_committed)");
    reasons.put("acks", "producers wait for every in-sync replica (acks=all)");
    reasons.put("enable.idempotence", "producers are idempotent, so a retry never writes a record twice");
    reasons.put("transactional.id", "the service's producers are not transactional");
    for (String serde : new String[] {"key.serializer", "value.serializer", "key.deserializer", "value.deserializer"}) {
      reasons.put(serde, "the service chooses the (de)serializers of its records");
    }
    return Map.copyOf(reasons);
  }

  /** The pass-through properties of an environment (blank values are unset, like every setting). */
  static Map<String, String> fromEnvironment(Map<String, String> env) {
    Map<String, String> properties = new TreeMap<>();
    env.forEach((name, value) -> {
      if (name.startsWith(PREFIX) && name.length() > PREFIX.length() && !isSetting(name)
        && value != null && !value.isBlank()) {
        properties.put(name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value.trim());
      }
    });
    return properties;
  }

  /** The variable that stands for a property, for messages. */
  static String variable(String property) {
    return PREFIX + property.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  /** @throws IllegalArgumentException naming the first property the service sets itself, and why */
  static void requireAllowed(Map<String, String> properties) {
    for (String property : properties.keySet()) {
      String reason = PROTECTED.get(property);
      if (reason != null) {
        throw new IllegalArgumentException(variable(property) + " would set the Kafka property " + property
          + ", which the service sets itself: " + reason + "; remove it");
      }
    }
  }

  private static boolean isSetting(String name) {
    for (Setting setting : Setting.values()) {
      if (setting.variable().equals(name)) {
        return true;
      }
    }
    return false;
  }
}
