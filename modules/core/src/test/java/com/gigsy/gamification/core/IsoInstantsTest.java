package com.gigsy.gamification.core;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IsoInstantsTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "2026-11-30T08:00:00Z", "2026-11-30T08:00:00.1Z", "2026-11-30T08:00:00.123Z", "2026-11-30T08:00:00.123456789Z",
    "2025-05-06T07:08:09+02:00", "2025-05-06T07:08:09.5-05:30", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z",
    "2024-02-29T12:00:00+18:00", "2026-11-30T08:00:00-00:00"})
  @DisplayName("The fast path reads the common shapes exactly as OffsetDateTime.parse does:")
  void sameAsTheGeneralParser(String text) {
    assertThat(IsoInstants.parseCommon(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "2026-11-30T08:00Z", "2026-11-30t08:00:00z", "+12026-11-30T08:00:00Z", "2026-11-30T08:00:00.Z",
    "2026-11-30T08:00:00.1234567890Z", "2026-11-30T08:00:00+0200", "2026-11-30 08:00:00Z", "2026-11-30T08:00:00"})
  @DisplayName("Other shapes are left to the general parser:")
  void leavesTheRest(String text) {
    assertThat(IsoInstants.parseCommon(text)).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "2026-02-30T08:00:00Z", "2026-13-01T08:00:00Z", "2026-11-30T24:00:00Z", "2026-11-30T08:60:00Z",
    "2026-11-30T08:00:60Z", "2026-11-30T08:00:00+02:99", "2026-11-30T08:00:00+19:00", "2026-1a-30T08:00:00Z"})
  @DisplayName("Out-of-range fields the general parser refuses are not read either:")
  void refusesWhatTheGeneralParserRefuses(String text) {
    assertThat(IsoInstants.parseCommon(text)).isNull();
    assertThatThrownBy(() -> OffsetDateTime.parse(text))
      .isInstanceOf(DateTimeParseException.class);
  }
}
