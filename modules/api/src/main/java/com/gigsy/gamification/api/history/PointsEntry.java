package com.gigsy.gamification.api.history;

import java.time.OffsetDateTime;

/** A row of {@code points_log}, as GraphQL {@code PointsEntry}; the rule is resolved by the per-request loader. */
record PointsEntry(long id, int points, long ruleId, String eventId, String relatedEntityId, String createdBy,
                   OffsetDateTime occurredAt, OffsetDateTime createdAt) {

  String cursor() {
    return HistoryCursor.of(id);
  }
}
