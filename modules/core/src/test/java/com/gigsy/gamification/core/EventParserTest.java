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
}
