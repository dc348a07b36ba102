package com.gigsy.gamification.api.history;

import com.gigsy.gamification.api.audit.AuditLog;
import com.gigsy.gamification.api.auth.Access;
import com.gigsy.gamification.api.auth.Caller;
import com.gigsy.gamification.api.catalog.CatalogReferences;
import com.gigsy.gamification.api.graphql.ApiException;
import com.gigsy.gamification.api.graphql.Arguments;
import com.gigsy.gamification.api.graphql.Page;
import com.gigsy.gamification.api.graphql.Property;
import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * {@code Query.pointsHistory}: a user's own points log, or anyone's for an admin; the admin's {@code adjustPoints}
 * (audited); and the fields of {@code PointsConnection} and {@code PointsEntry} (its rule through
 * {@link CatalogReferences}).
 */
public final class HistoryFetchers {

  /** The SDL default of {@code first}. */
  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 100;

  /** The most points one adjustment may add or take (CONTRACT §8). */
  static final int MAX_ADJUSTMENT = 1_000_000;
  static final int MAX_REASON_LENGTH = 1000;

  private final HistoryRepository history;
  private final AuditLog audit;

  public HistoryFetchers(SqlClient client, AuditLog audit) {
    this.history = new HistoryRepository(client);
    this.audit = audit;
  }

  public void wire(RuntimeWiring.Builder wiring) {
    wiring
      .type(TypeRuntimeWiring.newTypeWiring("Query")
        .dataFetcher("pointsHistory", pointsHistory()))
      .type(TypeRuntimeWiring.newTypeWiring("Mutation")
        .dataFetcher("adjustPoints", adjustPoints()))
      .type(TypeRuntimeWiring.newTypeWiring("PointsConnection")
        .dataFetcher("entries", Property.of(PointsPage.class, PointsPage::entries))
        .dataFetcher("pageInfo", Property.of(PointsPage.class, page -> page)))
      .type(TypeRuntimeWiring.newTypeWiring("PointsEntry")
        .dataFetcher("cursor", Property.of(PointsEntry.class, PointsEntry::cursor))
        .dataFetcher("id", Property.of(PointsEntry.class, PointsEntry::id))
        .dataFetcher("points", Property.of(PointsEntry.class, PointsEntry::points))
        .dataFetcher("rule", CatalogReferences.rule(PointsEntry.class, PointsEntry::ruleId))
        .dataFetcher("eventId", Property.of(PointsEntry.class, PointsEntry::eventId))
        .dataFetcher("relatedEntityId", Property.of(PointsEntry.class, PointsEntry::relatedEntityId))
        .dataFetcher("createdBy", Property.of(PointsEntry.class, PointsEntry::createdBy))
        .dataFetcher("occurredAt", Property.of(PointsEntry.class, PointsEntry::occurredAt))
        .dataFetcher("createdAt", Property.of(PointsEntry.class, PointsEntry::createdAt))
        .dataFetcher("kind", Property.of(PointsEntry.class, PointsEntry::kind))
        .dataFetcher("reason", Property.of(PointsEntry.class, PointsEntry::reason)));
  }

  private DataFetcher<Future<PointsPage>> pointsHistory() {
    return env -> {
      String userId = Arguments.userId(env, "userId");
      Access.requireSelfOrAdmin(env, userId);
      int first = Arguments.pageSize(env, "first", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
      String after = env.getArgument("after");
      long beforeId = after == null ? Long.MAX_VALUE : Page.position(PointsEntry.CURSOR_KIND, after, "after");
      return history.page(userId, beforeId, first);
    };
  }

  /** An ADJUSTMENT entry in the user's log, with the admin as createdBy; never takes the total below 0. */
  private DataFetcher<Future<PointsEntry>> adjustPoints() {
    return env -> {
      Caller admin = Access.requireAdmin(env);
      String userId = Arguments.userId(env, "userId");
      int points = env.getArgument("points");
      if (points == 0 || Math.abs((long) points) > MAX_ADJUSTMENT) {
        throw ApiException.badUserInput("points", "must be 1 to " + MAX_ADJUSTMENT + " or -1 to -" + MAX_ADJUSTMENT
          + ", got " + points);
      }
      String reason = Arguments.text(env, "reason", MAX_REASON_LENGTH);
      return audit.recorded(env, conn -> history.adjust(conn, userId, points, reason, admin.userId()));
    };
  }
}
