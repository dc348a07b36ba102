package com.gigsy.gamification.app;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Records ingest must dead-letter: not JSON, not an object, invalid UTF-8, missing or mistyped fields, control
 * characters, and ~900 KiB (over the 64 KiB limit, under Kafka's 1 MiB). Keyed {@code poison-<n>} so the test
 * finds each one on the DLQ.
 */
final class PoisonRecords {

  static final String KEY_PREFIX = "poison-";
  private static final int LARGE = 900 * 1024;

  private PoisonRecords() {
  }

  /** The {@code n}-th poison record; every 200th is a large one. */
  static BulkSender.Record nth(int n) {
    String key = KEY_PREFIX + n;
    String id = "\"eventId\":\"" + key + "\"";
    String value = switch (n % 200 == 0 ? -1 : n % 8) {
      case -1 -> "{" + id + ",\"eventName\":\"gig.completed\",\"userId\":\"u\",\"pad\":\"" + "x".repeat(LARGE) + "\"}";
      case 0 -> "{not json " + n;
      case 1 -> "[\"an\",\"array\"]";
      case 2 -> "{" + id + ",\"eventName\":\"gig.completed\"}";
      case 3 -> "{" + id + ",\"eventName\":42,\"userId\":\"u\"}";
      case 4 -> "{" + id + ",\"eventName\":\"gig.completed\",\"userId\":\"bad\\u0001user\"}";
      case 5 -> "{" + id + ",\"eventName\":\"Not A Name\",\"userId\":\"u\"}";
      case 6 -> "{" + id + ",\"eventName\":\"gig.completed\",\"userId\":\"u\",\"occurredAt\":\"yesterday\"}";
      default -> null;
    };
    byte[] bytes = value == null ? new byte[] {(byte) 0xC3, (byte) 0x28, '{', '}'} : value.getBytes(StandardCharsets.UTF_8);
    return new BulkSender.Record(key, bytes);
  }

  static List<BulkSender.Record> first(int count) {
    return IntStream.range(0, count).mapToObj(PoisonRecords::nth).toList();
  }
}
