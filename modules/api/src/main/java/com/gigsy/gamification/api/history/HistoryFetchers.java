package com.gigsy.gamification.api.history;

import com.gigsy.gamification.api.auth.Access;
import com.gigsy.gamification.api.catalog.CatalogReferences;
import com.gigsy.gamification.api.graphql.Arguments;
import com.gigsy.gamification.api.graphql.Property;
import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * {@code Query.pointsHistory}: a user's own points log, or anyone's for an admin; and the fields of
 * {@code PointsConnection}, {@code PageInfo} and {@code PointsEntry} (its rule through {@link CatalogReferences}).
 */
public final class HistoryFetchers {

  /** The SDL default of {@code first}. */
  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 100;

  private final HistoryRepository history;

  public HistoryFetchers(SqlClient client) {
    this.history = new HistoryRepository(client);
  }

  public void wire(RuntimeWiring.Builder wiring) {
    wiring
      .type(TypeRuntimeWiring.newTypeWiring("Query")
        .dataFetcher("pointsHistory", pointsHistory()))
      .type(TypeRuntimeWiring.newTypeWiring("PointsConnection")
        .dataFetcher("entries", Property.of(PointsPage.class, PointsPage::entries))
        .dataFetcher("pageInfo", Property.of(PointsPage.class, page -> page)))
      .type(TypeRuntimeWiring.newTypeWiring("PageInfo")
        .dataFetcher("hasNextPage", Property.of(PointsPage.class, PointsPage::hasNextPage))
        .dataFetcher("endCursor", Property.of(PointsPage.class, PointsPage::endCursor)))
      .type(TypeRuntimeWiring.newTypeWiring("PointsEntry")
        .dataFetcher("cursor", Property.of(PointsEntry.class, PointsEntry::cursor))
        .dataFetcher("id", Property.of(PointsEntry.class, PointsEntry::id))
        .dataFetcher("points", Property.of(PointsEntry.class, PointsEntry::points))
        .dataFetcher("rule", CatalogReferences.rule(PointsEntry.class, PointsEntry::ruleId))
        .dataFetcher("eventId", Property.of(PointsEntry.class, PointsEntry::eventId))
        .dataFetcher("relatedEntityId", Property.of(PointsEntry.class, PointsEntry::relatedEntityId))
        .dataFetcher("createdBy", Property.of(PointsEntry.class, PointsEntry::createdBy))
        .dataFetcher("occurredAt", Property.of(PointsEntry.class, PointsEntry::occurredAt))
        .dataFetcher("createdAt", Property.of(PointsEntry.class, PointsEntry::createdAt)));
  }

  private DataFetcher<Future<PointsPage>> pointsHistory() {
    return env -> {
      String userId = Arguments.userId(env, "userId");
      Access.requireSelfOrAdmin(env, userId);
      int first = Arguments.pageSize(env, "first", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
      String after = env.getArgument("after");
      long beforeId = after == null ? Long.MAX_VALUE : HistoryCursor.parse(after, "after");
      return history.page(userId, beforeId, first);
    };
  }
}
