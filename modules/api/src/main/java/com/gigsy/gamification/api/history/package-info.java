/**
 * Where a user's points came from: {@code HistoryFetchers} owns the query {@code pointsHistory} (your own, or anyone's
 * for an admin) and the fields of {@code PointsConnection}, {@code PageInfo} and {@code PointsEntry};
 * {@code HistoryRepository} reads the points log a page at a time, {@code HistoryCursor} makes and reads its
 * opaque cursors.
 *
 * <p>Used by the root only. It uses {@code api.catalog} (the rule of an entry), {@code api.auth} and
 * {@code api.graphql}; it imports no other domain package and not the root.
 */
package com.gigsy.gamification.api.history;
