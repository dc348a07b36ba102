package com.gigsy.gamification.api.history;

import java.util.List;

/** A page of a points log, as GraphQL {@code PointsConnection}. */
record PointsPage(List<PointsEntry> entries, boolean hasNextPage) {

  /** The cursor of the last entry, or null for an empty page. */
  String endCursor() {
    return entries.isEmpty() ? null : entries.get(entries.size() - 1).cursor();
  }
}
