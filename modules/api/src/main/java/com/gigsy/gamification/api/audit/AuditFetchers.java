package com.gigsy.gamification.api.audit;

import com.gigsy.gamification.api.auth.Access;
import com.gigsy.gamification.api.graphql.Arguments;
import com.gigsy.gamification.api.graphql.Page;
import com.gigsy.gamification.api.graphql.Property;
import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** {@code Query.auditLog} (admins only, newest first, a page at a time) and the fields of {@code AuditEntry}. */
public final class AuditFetchers {

  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 200;
  private static final String CURSOR_KIND = "audit";
  private static final String PAGE = """
    SELECT id, actor, operation, arguments, at FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2""";

  /** An entry of the log. */
  record Entry(long id, String actor, String operation, JsonObject arguments, OffsetDateTime at) {

    String argumentsText() {
      return arguments.encode();
    }
  }

  /** A page of the log, as GraphQL {@code AuditConnection}. */
  record EntryPage(List<Entry> entries, boolean hasNextPage) implements Page {

    @Override
    public String endCursor() {
      return entries.isEmpty() ? null : Page.cursor(CURSOR_KIND, entries.get(entries.size() - 1).id());
    }
  }

  private final SqlClient client;

  public AuditFetchers(SqlClient client) {
    this.client = client;
  }

  public void wire(RuntimeWiring.Builder wiring) {
    wiring
      .type(TypeRuntimeWiring.newTypeWiring("Query").dataFetcher("auditLog", auditLog()))
      .type(TypeRuntimeWiring.newTypeWiring("AuditConnection")
        .dataFetcher("entries", Property.of(EntryPage.class, EntryPage::entries))
        .dataFetcher("pageInfo", Property.of(EntryPage.class, page -> page)))
      .type(TypeRuntimeWiring.newTypeWiring("AuditEntry")
        .dataFetcher("id", Property.of(Entry.class, Entry::id))
        .dataFetcher("actor", Property.of(Entry.class, Entry::actor))
        .dataFetcher("operation", Property.of(Entry.class, Entry::operation))
        .dataFetcher("arguments", Property.of(Entry.class, Entry::argumentsText))
        .dataFetcher("at", Property.of(Entry.class, Entry::at)));
  }

  private DataFetcher<Future<EntryPage>> auditLog() {
    return env -> {
      Access.requireAdmin(env);
      int first = Arguments.pageSize(env, "first", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
      String after = env.getArgument("after");
      long before = after == null ? Long.MAX_VALUE : Page.position(CURSOR_KIND, after, "after");
      return client.preparedQuery(PAGE).execute(Tuple.of(before, first + 1)).map(rows -> {
        List<Entry> entries = new ArrayList<>();
        for (Row row : rows) {
          if (entries.size() == first) {
            return new EntryPage(entries, true);
          }
          entries.add(new Entry(row.getLong("id"), row.getString("actor"), row.getString("operation"),
            (JsonObject) row.getValue("arguments"), row.getOffsetDateTime("at")));
        }
        return new EntryPage(entries, false);
      });
    };
  }
}
