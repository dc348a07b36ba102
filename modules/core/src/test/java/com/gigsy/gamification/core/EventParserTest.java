package com.gigsy.gamification.core;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventParserTest {

  private static final Instant RECORD_TIME = Instant.parse("2026-01-02T03:04:05Z");

  private static EventParser.Result parse(String json) {
    return EventParser.parse(json.getBytes(StandardCharsets.UTF_8), RECORD_TIME);
  }

  @Test
  @DisplayName("a complete event is read with every field")
  void completeEvent() {
    EventParser.Result result = parse("""
      {"eventId":"e1","eventName":"course.completed","userId":"u1","relatedEntityId":"c1",
       "occurredAt":"2025-05-06T07:08:09+02:00","actorId":"lms","extra":{"ignored":true}}""");
    assertThat(result.valid()).isTrue();
    GamificationEvent event = result.event();
    assertThat(event.eventId()).isEqualTo("e1");
    assertThat(event.eventName()).isEqualTo("course.completed");
    assertThat(event.userId()).isEqualTo("u1");
    assertThat(event.relatedEntityId()).isEqualTo("c1");
    assertThat(event.occurredAt()).isEqualTo(Instant.parse("2025-05-06T05:08:09Z"));
    assertThat(event.actorId()).isEqualTo("lms");
    assertThat(event.dedupeKey()).isEqualTo("entity:c1");
  }

  @Test
  @DisplayName("optional fields default: record time, system actor, the event id as dedupe key")
  void defaults() {
    EventParser.Result result = parse("{\"eventId\":\"e1\",\"eventName\":\"a\",\"userId\":\"u\",\"relatedEntityId\":null}");
    assertThat(result.valid()).isTrue();
    assertThat(result.event().occurredAt()).isEqualTo(RECORD_TIME);
    assertThat(result.event().actorId()).isEqualTo("system");
    assertThat(result.event().relatedEntityId()).isNull();
    assertThat(result.event().dedupeKey()).isEqualTo("event:e1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
    not JSON                 | {oops                                                                 | not a JSON object
    a JSON array             | [1,2]                                                                 | not a JSON object
    missing userId           | {"eventId":"e","eventName":"a.b"}                                    | userId is required
    missing eventId          | {"eventName":"a.b","userId":"u"}                                     | eventId is required
    numeric userId           | {"eventId":"e","eventName":"a.b","userId":42}                        | userId must be a string
    empty eventId            | {"eventId":"","eventName":"a.b","userId":"u"}                        | eventId must be 1 to 128
    upper-case eventName     | {"eventId":"e","eventName":"Course.Done","userId":"u"}               | does not match
    NUL in userId            | {"eventId":"e","eventName":"a","userId":"u\\u0000"}                  | control character (U+0000)
    tab in entity            | {"eventId":"e","eventName":"a","userId":"u","relatedEntityId":"\\t"} | relatedEntityId contains a control character
    bad occurredAt           | {"eventId":"e","eventName":"a","userId":"u","occurredAt":"yesterday"} | occurredAt 'yesterday' is not an ISO-8601 instant
    far-future occurredAt    | {"eventId":"e","eventName":"a","userId":"u","occurredAt":"+300000-01-01T00:00:00Z"} | outside the years 1970 to 9999
    """)
  @DisplayName("an invalid record is refused with a reason")
  void invalid(String name, String json, String reason) {
    EventParser.Result result = parse(json);
    assertThat(result.valid()).isFalse();
    assertThat(result.error()).contains(reason);
  }

  @Test
  @DisplayName("the event id of an invalid record is still reported for the logs")
  void eventIdOfInvalid() {
    assertThat(parse("{\"eventId\":\"e7\",\"eventName\":\"a\"}").eventId()).isEqualTo("e7");
  }

  @Test
  @DisplayName("a record over 64 KiB is refused before parsing")
  void tooLarge() {
    String big = "{\"eventId\":\"e\",\"eventName\":\"a\",\"userId\":\"u\",\"pad\":\"" + "x".repeat(100 * 1024) + "\"}";
    EventParser.Result result = parse(big);
    assertThat(result.valid()).isFalse();
    assertThat(result.error()).contains("more than the limit of 65536");
  }

  @Test
  @DisplayName("invalid UTF-8 is refused")
  void invalidUtf8() {
    EventParser.Result result = EventParser.parse(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}, RECORD_TIME);
    assertThat(result.error()).isEqualTo("record value is not valid UTF-8");
  }

  @Test
  @DisplayName("lengths count characters, not bytes: 128 emoji make a valid user id")
  void lengthInCharacters() {
    String emoji = "\uD83D\uDE00".repeat(128);
    assertThat(parse("{\"eventId\":\"e\",\"eventName\":\"a\",\"userId\":\"" + emoji + "\"}").valid()).isTrue();
    assertThat(parse("{\"eventId\":\"e\",\"eventName\":\"a\",\"userId\":\"" + emoji + "x\"}").valid()).isFalse();
  }

  @Test
  @DisplayName("attributes are kept as a JSON object: strings, numbers, booleans; a null is the same as absent")
  void attributes() {
    EventParser.Result result = parse("""
      {"eventId":"e","eventName":"a","userId":"u",
       "attributes":{"score":92.5,"count":3,"big":123456789012345678901234567890,"level":"gold","passed":true,"gone":null}}""");
    assertThat(result.valid()).as(result.error()).isTrue();
    io.vertx.core.json.JsonObject attributes = new io.vertx.core.json.JsonObject(result.event().attributes());
    assertThat(attributes.fieldNames()).containsExactlyInAnyOrder("score", "count", "big", "level", "passed");
    assertThat(attributes.getValue("score")).isEqualTo(92.5);
    assertThat(attributes.getValue("big").toString()).isEqualTo("123456789012345678901234567890");
    assertThat(attributes.getBoolean("passed")).isTrue();
    assertThat(parse("{\"eventId\":\"e\",\"eventName\":\"a\",\"userId\":\"u\",\"attributes\":{\"x\":null}}")
      .event().attributes()).as("only nulls: no attributes").isNull();
    assertThat(parse("{\"eventId\":\"e\",\"eventName\":\"a\",\"userId\":\"u\",\"attributes\":null}")
      .event().attributes()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
    not an object     | "attributes":[1]                          | attributes must be an object
    nested object     | "attributes":{"score":{"v":1}}            | attributes.score must be a string, a number, a boolean or null, not an object
    nested array      | "attributes":{"tags":["a"]}               | attributes.tags must be a string, a number, a boolean or null, not an array
    bad key           | "attributes":{"gig-value":1}              | attributes key 'gig-value' does not match
    key with a digit  | "attributes":{"1st":1}                    | attributes key '1st' does not match
    control character | "attributes":{"note":"a\\u0007b"}          | attributes.note contains a control character (U+0007)
    infinite number   | "attributes":{"amount":1e400}             | attributes.amount must be a finite number
    """)
  @DisplayName("bad attributes are refused with a reason naming the key")
  void badAttributes(String name, String field, String reason) {
    EventParser.Result result = parse("{\"eventId\":\"e\",\"eventName\":\"a\",\"userId\":\"u\"," + field + "}");
    assertThat(result.valid()).isFalse();
    assertThat(result.error()).contains(reason);
    assertThat(result.eventId()).isEqualTo("e");
  }

  @Test
  @DisplayName("at most 32 attributes, a string attribute at most 256 characters, a key at most 64")
  void attributeLimits() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 33; i++) {
      many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
    }
    String event = "{\"eventId\":\"e\",\"eventName\":\"a\",\"userId\":\"u\",\"attributes\":{%s}}";
    assertThat(parse(event.formatted(many)).error()).contains("attributes has 33 entries, more than 32");
    assertThat(parse(event.formatted(many.substring(0, many.lastIndexOf(",")))).valid()).isTrue();
    assertThat(parse(event.formatted("\"s\":\"" + "x".repeat(256) + "\"")).valid()).isTrue();
    assertThat(parse(event.formatted("\"s\":\"" + "x".repeat(257) + "\"")).error())
      .contains("attributes.s must be at most 256 characters, got 257");
    assertThat(parse(event.formatted("\"" + "k".repeat(64) + "\":1")).valid()).isTrue();
    assertThat(parse(event.formatted("\"" + "k".repeat(65) + "\":1")).error()).contains("does not match");
  }
}
