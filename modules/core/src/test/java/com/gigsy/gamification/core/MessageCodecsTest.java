package com.gigsy.gamification.core;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MessageCodecsTest {

  private static final ApplyBatch BATCH = new ApplyBatch(List.of(
    new GamificationEvent("e1", "course.completed", "u1", "course-42", Instant.parse("2026-11-30T08:00:00.123Z"), "system"),
    new GamificationEvent("e2", "gig.completed", "u2", null, Instant.parse("2026-11-30T08:00:01Z"), "admin-7")));

  private static final ApplyResult RESULT = new ApplyResult(List.of(
    ApplyResult.Outcome.applied(2), ApplyResult.Outcome.duplicate(), ApplyResult.Outcome.rejected("value too long")));

  @Test
  @DisplayName("Within the process a message is the sender's own immutable record")
  void localDeliveryShares() {
    MessageCodecs.RecordCodec<ApplyBatch> codec = new MessageCodecs.RecordCodec<>("batch", ApplyBatch::toJson, ApplyBatch::fromJson);
    assertThat(codec.transform(BATCH)).isSameAs(BATCH);
  }

  @Test
  @DisplayName("Over a wire a batch and a result travel as JSON and come back equal, after whatever precedes them in the buffer")
  void wireRoundTrip() {
    MessageCodecs.RecordCodec<ApplyBatch> batches = new MessageCodecs.RecordCodec<>("batch", ApplyBatch::toJson, ApplyBatch::fromJson);
    MessageCodecs.RecordCodec<ApplyResult> results = new MessageCodecs.RecordCodec<>("result", ApplyResult::toJson, ApplyResult::fromJson);
    Buffer buffer = Buffer.buffer().appendString("header");
    int batchAt = buffer.length();
    batches.encodeToWire(buffer, BATCH);
    int resultAt = buffer.length();
    results.encodeToWire(buffer, RESULT);

    assertThat(batches.decodeFromWire(batchAt, buffer)).isEqualTo(BATCH);
    assertThat(results.decodeFromWire(resultAt, buffer)).isEqualTo(RESULT);
  }
}
