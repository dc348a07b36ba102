package com.gigsy.gamification.api.jobs;

import com.gigsy.gamification.api.audit.AuditLog;
import com.gigsy.gamification.api.auth.Access;
import com.gigsy.gamification.api.auth.Caller;
import com.gigsy.gamification.api.graphql.ApiException;
import com.gigsy.gamification.api.graphql.Arguments;
import com.gigsy.gamification.api.graphql.Ids;
import com.gigsy.gamification.api.graphql.Property;
import com.gigsy.gamification.core.Addresses;
import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Background jobs (CONTRACT §8), for admins: {@code job}, {@code jobs} (newest first) and {@code backfillRule}, which
 * queues a rule's backfill (audited) for the engine role's job runner. One backfill per rule at a time: the database
 * refuses a second (a unique index), which is {@code BAD_USER_INPUT}.
 */
public final class JobFetchers {

  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 100;
  private static final String COLUMNS = "id, kind, status, processed, total, granted, started_at, finished_at, error";
  private static final String ONE = "SELECT " + COLUMNS + " FROM jobs WHERE id = $1";
  private static final String LATEST = "SELECT " + COLUMNS + " FROM jobs ORDER BY id DESC LIMIT $1";
  private static final String RULE = "SELECT active, built_in FROM gamification_rules WHERE id = $1";
  private static final String BACKFILL = """
    INSERT INTO jobs (kind, rule_id, since, created_by) VALUES ('BACKFILL', $1, $2, $3) RETURNING %s""".formatted(COLUMNS);
  private static final String UNIQUE_VIOLATION = "23505";

  private final SqlClient client;
  private final AuditLog audit;
  private final EventBus eventBus;

  public JobFetchers(SqlClient client, AuditLog audit, EventBus eventBus) {
    this.client = client;
    this.audit = audit;
    this.eventBus = eventBus;
  }

  public void wire(RuntimeWiring.Builder wiring) {
    wiring
      .type(TypeRuntimeWiring.newTypeWiring("Query")
        .dataFetcher("job", job())
        .dataFetcher("jobs", jobs()))
      .type(TypeRuntimeWiring.newTypeWiring("Mutation")
        .dataFetcher("backfillRule", backfillRule()))
      .type(TypeRuntimeWiring.newTypeWiring("Job")
        .dataFetcher("id", Property.of(Job.class, Job::id))
        .dataFetcher("kind", Property.of(Job.class, Job::kind))
        .dataFetcher("status", Property.of(Job.class, Job::status))
        .dataFetcher("processed", Property.of(Job.class, Job::processed))
        .dataFetcher("total", Property.of(Job.class, Job::total))
        .dataFetcher("granted", Property.of(Job.class, Job::granted))
        .dataFetcher("startedAt", Property.of(Job.class, Job::startedAt))
        .dataFetcher("finishedAt", Property.of(Job.class, Job::finishedAt))
        .dataFetcher("error", Property.of(Job.class, Job::error)));
  }

  private DataFetcher<Future<Job>> job() {
    return env -> {
      Access.requireAdmin(env);
      long id = Ids.parse(env.getArgument("id"), "id", "Job");
      return client.preparedQuery(ONE).execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : job(rows.iterator().next()));
    };
  }

  private DataFetcher<Future<List<Job>>> jobs() {
    return env -> {
      Access.requireAdmin(env);
      int first = Arguments.pageSize(env, "first", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
      return client.preparedQuery(LATEST).execute(Tuple.of(first)).map(rows -> {
        List<Job> jobs = new ArrayList<>(rows.size());
        rows.forEach(row -> jobs.add(job(row)));
        return jobs;
      });
    };
  }

  private DataFetcher<Future<Job>> backfillRule() {
    return env -> {
      Caller admin = Access.requireAdmin(env);
      long ruleId = Ids.parse(env.getArgument("ruleId"), "ruleId", "Rule");
      Instant since = env.getArgument("since");
      return client.preparedQuery(RULE).execute(Tuple.of(ruleId)).compose(rules -> {
        if (rules.size() == 0) {
          throw Ids.notFound("ruleId", "Rule", env.getArgument("ruleId"));
        }
        Row rule = rules.iterator().next();
        if (rule.getString("built_in") != null) {
          throw ApiException.badUserInput("ruleId", "names a built-in rule, which never matches an event");
        }
        if (!rule.getBoolean("active")) {
          throw ApiException.badUserInput("ruleId", "names an inactive rule: activate it (updateRule) first");
        }
        return audit.recorded(env, conn -> conn.preparedQuery(BACKFILL)
          .execute(Tuple.of(ruleId, since == null ? null : since.atOffset(ZoneOffset.UTC), admin.userId()))
          .recover(failure -> alreadyRunning(failure, ruleId))
          .map(rows -> job(rows.iterator().next())));
      }).onSuccess(job -> eventBus.publish(Addresses.JOB_CREATED, null));
    };
  }

  private static Future<RowSet<Row>> alreadyRunning(Throwable failure, long ruleId) {
    if (failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
      return Future.failedFuture(ApiException.badUserInput("ruleId", "a backfill of rule " + ruleId
        + " is running already: one at a time (see jobs)"));
    }
    return Future.failedFuture(failure);
  }

  private static Job job(Row row) {
    return new Job(row.getLong("id"), row.getString("kind"), row.getString("status"), row.getLong("processed"),
      row.getLong("total"), row.getLong("granted"), row.getOffsetDateTime("started_at"), row.getOffsetDateTime("finished_at"),
      row.getString("error"));
  }
}
