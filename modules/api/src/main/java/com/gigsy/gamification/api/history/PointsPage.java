package com.gigsy.gamification.api.history;

import com.gigsy.gamification.api.graphql.Page;

import java.util.List;

/** A page of a points log, as GraphQL {@code PointsConnection}. */
record PointsPage(List<PointsEntry> entries, boolean hasNextPage) implements Page {

  /** The cursor of the last entry, or null for an empty page. */
  @Override
  public String endCursor() {
    return entries.isEmpty() ? null : entries.get(entries.size() - 1).cursor();
  }
}
