package com.gigsy.gamification.api.history;

import com.gigsy.gamification.api.graphql.Page;

import java.time.OffsetDateTime;

/**
 * A row of {@code points_log}, as GraphQL {@code PointsEntry}; the rule is resolved by the per-request loader.
 * {@code kind} is RULE, ADJUSTMENT or REVERSAL; {@code reason} an adjustment's.
 */
record PointsEntry(long id, int points, long ruleId, String eventId, String relatedEntityId, String createdBy,
                   OffsetDateTime occurredAt, OffsetDateTime createdAt, String kind, String reason) {

  static final String CURSOR_KIND = "points";

  String cursor() {
    return Page.cursor(CURSOR_KIND, id);
  }
}
