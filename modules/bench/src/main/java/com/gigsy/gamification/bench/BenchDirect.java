package com.gigsy.gamification.bench;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.PgPools;
import com.gigsy.gamification.runtime.Migrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Sections 2 and 3 of the benchmark, straight on PostgreSQL (no Kafka, no service): the rows of the
 * workload inserted in large batches with {@code unnest} multi-row INSERTs (the raw limit), and the seed's
 * design — one transaction per event — plus its live {@code GROUP BY} leaderboard. Each run gets a fresh
 * database migrated with the service's own migrations and the benchmark's rules.
 */
final class BenchDirect implements AutoCloseable {

  /** A fresh, migrated database with the rules installed. */
  record Db(Pool pool, List<Long> ruleIds, Map<String, Long> badgeIds, Map<String, Long> titleIds) {
  }

  /** Result of a direct run. */
  record Run(long events, long rows, double seconds) {
    double perSecond() {
      return events / seconds;
    }
  }

  private final Vertx vertx;
  private final BenchWorkload workload;
  private final java.util.function.Supplier<GamificationConfig> databases;
  private final List<Pool> pools = new ArrayList<>();

  /** {@code databases} gives a configuration naming a new empty database at each call. */
  BenchDirect(Vertx vertx, BenchWorkload workload, java.util.function.Supplier<GamificationConfig> databases) {
    this.vertx = vertx;
    this.workload = workload;
    this.databases = databases;
  }

  Db freshDatabase(String name) {
    GamificationConfig config = databases.get();
    Pool pool = PgPools.create(vertx, config, name, 2);
    pools.add(pool);
    slow(Migrations.apply(vertx, pool));
    Map<String, Long> badges = new HashMap<>();
    Map<String, Long> titles = new HashMap<>();
    List<Long> ids = workload.install(pool, badges, titles);
    // V4 turned the outbox into one row per batch (a JSON array of its rewards); write the shape the schema has
    return new Db(pool, ids, badges, titles);
  }

  /**
   * Inserts the events {@code prefix-0 … prefix-(count-1)} in transactions of {@code batch} events, one
   * multi-row INSERT per table: the inbox, the points log and the totals — and with {@code everything} also
   * the badges, titles and the reward outbox, i.e. every row the engine writes (the daily totals are the leaderboard
   * computation's, folded from the log: migration V15).
   */
  Run raw(Db db, String prefix, long count, int batch, boolean everything) {
    SqlConnection conn = slow(db.pool().getConnection());
    Set<String> badgesHeld = new HashSet<>();
    Set<String> titlesHeld = new HashSet<>();
    long rows = 0;
    long started = System.nanoTime();
    long step = Math.max(batch, (count / 4) / batch * batch);
    try {
      for (long from = 0; from < count; from += batch) {
        int size = (int) Math.min(batch, count - from);
        Batch b = new Batch(size);
        for (int i = 0; i < size; i++) {
          b.add(workload.event(prefix, from + i), db, badgesHeld, titlesHeld, everything);
        }
        rows += slow(b.write(conn, everything));
        if ((from + size) % step == 0 && from + size < count) {
          BenchRun.progress("  %s: %,d of %,d events (%.0f events/s)", everything ? "raw (b) every row" : "raw (a) inbox+log+totals",
            from + size, count, (from + size) / ((System.nanoTime() - started) / 1e9));
        }
      }
    } finally {
      slow(conn.close());
    }
    return new Run(count, rows, (System.nanoTime() - started) / 1e9);
  }

  /** The rows of one batch, as parallel arrays. */
  private final class Batch {
    final String[] eventIds;
    final String[] eventNames;
    final String[] userIds;
    final String[] entities;
    final OffsetDateTime[] occurred;
    final List<String> logUser = new ArrayList<>();
    final List<Integer> logPoints = new ArrayList<>();
    final List<Long> logRule = new ArrayList<>();
    final List<String> logEvent = new ArrayList<>();
    final List<String> logEntity = new ArrayList<>();
    final List<String> logDedupe = new ArrayList<>();
    final Map<String, Long> totals = new TreeMap<>();
    final List<Object[]> badges = new ArrayList<>();
    final List<Object[]> titles = new ArrayList<>();
    int n;

    Batch(int size) {
      eventIds = new String[size];
      eventNames = new String[size];
      userIds = new String[size];
      entities = new String[size];
      occurred = new OffsetDateTime[size];
    }

    void add(BenchWorkload.Event event, Db db, Set<String> badgesHeld, Set<String> titlesHeld, boolean everything) {
      eventIds[n] = event.eventId();
      eventNames[n] = event.eventName();
      userIds[n] = event.userId();
      entities[n] = event.relatedEntityId();
      occurred[n] = workload.occurredAtOffset;
      n++;
      for (BenchWorkload.Rule rule : workload.matching(event)) {
        long ruleId = db.ruleIds().get(rule.index());
        if (rule.points() != null) {
          logUser.add(event.userId());
          logPoints.add(rule.points());
          logRule.add(ruleId);
          logEvent.add(event.eventId());
          logEntity.add(event.relatedEntityId());
          logDedupe.add(event.dedupeKey());
          totals.merge(event.userId(), (long) rule.points(), Long::sum);
        }
        if (everything && rule.badge() != null) {
          long badge = db.badgeIds().get(rule.badge());
          if (badgesHeld.add(event.userId() + "|" + badge)) {
            badges.add(new Object[] {event.userId(), badge, ruleId, event.eventId(), event.relatedEntityId()});
          }
        }
        if (everything && rule.title() != null) {
          long title = db.titleIds().get(rule.title());
          if (titlesHeld.add(event.userId() + "|" + title)) {
            titles.add(new Object[] {event.userId(), title, ruleId, event.eventId(), event.relatedEntityId()});
          }
        }
      }
    }

    Future<Long> write(SqlConnection conn, boolean everything) {
      String[] totalUsers = totals.keySet().toArray(String[]::new);
      Long[] totalPoints = totals.values().toArray(Long[]::new);
      long rows = n + logUser.size() + totalUsers.length;
      List<Future<?>> steps = new ArrayList<>();
      Transaction[] tx = new Transaction[1];
      Future<Transaction> begin = conn.begin();
      Future<?> chain = begin.compose(t -> {
        tx[0] = t;
        return conn.preparedQuery("""
            INSERT INTO processed_events (event_id, event_name, user_id, related_entity_id, occurred_at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])""")
          .execute(args(eventIds, eventNames, userIds, entities, occurred));
      }).compose(r -> conn.preparedQuery("""
          INSERT INTO points_log (user_id, points, rule_id, event_id, related_entity_id, dedupe_key, occurred_at, created_by)
          SELECT u, p, r, e, x, d, $7, $8 FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::text[])
            AS l (u, p, r, e, x, d)""")
        .execute(args(logUser.toArray(String[]::new), logPoints.toArray(Integer[]::new), logRule.toArray(Long[]::new),
          logEvent.toArray(String[]::new), logEntity.toArray(String[]::new), logDedupe.toArray(String[]::new))
          .addValue(workload.occurredAtOffset).addValue(BenchWorkload.CREATED_BY)))
        .compose(r -> conn.preparedQuery("""
            INSERT INTO user_totals AS t (user_id, total_points)
            SELECT * FROM unnest($1::text[], $2::bigint[])
            ON CONFLICT (user_id) DO UPDATE SET total_points = t.total_points + excluded.total_points, updated_at = now()""")
          .execute(args(totalUsers, totalPoints)));
      if (everything) {
        rows += badges.size() + titles.size() + 1;   // badges, titles, the outbox row (daily totals: folded later, V15)
        chain = chain.compose(r -> badges.isEmpty() ? Future.succeededFuture() : conn.preparedQuery("""
              INSERT INTO user_badges (user_id, badge_id, rule_id, event_id, created_by)
              SELECT u, b, r, e, $5 FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[]) AS x (u, b, r, e)""")
            .execute(args(column(badges, 0, String[]::new), column(badges, 1, Long[]::new), column(badges, 2, Long[]::new),
              column(badges, 3, String[]::new), BenchWorkload.CREATED_BY)))
          .compose(r -> titles.isEmpty() ? Future.succeededFuture() : conn.preparedQuery("""
              INSERT INTO user_titles (user_id, title_id, rule_id, event_id, created_by)
              SELECT u, t, r, e, $5 FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[]) AS x (u, t, r, e)""")
            .execute(args(column(titles, 0, String[]::new), column(titles, 1, Long[]::new), column(titles, 2, Long[]::new),
              column(titles, 3, String[]::new), BenchWorkload.CREATED_BY)))
          .compose(r -> writeOutbox(conn));
      }
      return chain.compose(r -> tx[0].commit()).map(rows)
        .onFailure(e -> {
          if (tx[0] != null) {
            tx[0].rollback();
          }
        });
    }

    /** One outbox row per reward: every points row, every new badge and title, payload built as the engine's. */
    private Future<?> writeOutbox(SqlConnection conn) {
      int size = logUser.size() + badges.size() + titles.size();
      String[] type = new String[size];
      String[] user = new String[size];
      Long[] rule = new Long[size];
      String[] event = new String[size];
      String[] entity = new String[size];
      Integer[] points = new Integer[size];
      Long[] badge = new Long[size];
      Long[] title = new Long[size];
      int k = 0;
      for (int i = 0; i < logUser.size(); i++, k++) {
        type[k] = "POINTS";
        user[k] = logUser.get(i);
        rule[k] = logRule.get(i);
        event[k] = logEvent.get(i);
        entity[k] = logEntity.get(i);
        points[k] = logPoints.get(i);
      }
      for (Object[] row : badges) {
        type[k] = "BADGE";
        user[k] = (String) row[0];
        badge[k] = (Long) row[1];
        rule[k] = (Long) row[2];
        event[k] = (String) row[3];
        entity[k++] = (String) row[4];
      }
      for (Object[] row : titles) {
        type[k] = "TITLE";
        user[k] = (String) row[0];
        title[k] = (Long) row[1];
        rule[k] = (Long) row[2];
        event[k] = (String) row[3];
        entity[k++] = (String) row[4];
      }
      // one row per batch, its rewards as parallel arrays — the engine's shape (V7)
      return conn.preparedQuery("""
          INSERT INTO reward_outbox (rewards, reward_ids, types, user_ids, rule_ids, event_ids, related_entity_ids, points,
                                     badge_ids, title_ids, awarded_at)
          SELECT count(*), array_agg(gen_random_uuid()), array_agg(ty), array_agg(u), array_agg(r), array_agg(e), array_agg(x),
                 array_agg(p), array_agg(b), array_agg(t), array_agg(now())
          FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::int[], $7::bigint[], $8::bigint[])
            AS o (ty, u, r, e, x, p, b, t)
          HAVING count(*) > 0""")
        .execute(args(type, user, rule, event, entity, points, badge, title));
    }
  }

  /** Bind values as given: {@code Tuple.of(a, b)} with an array {@code b} would spread it as varargs. */
  static Tuple args(Object... values) {
    Tuple tuple = Tuple.tuple();
    for (Object value : values) {
      tuple.addValue(value);
    }
    return tuple;
  }

  @SuppressWarnings("unchecked")
  private static <T> T[] column(List<Object[]> rows, int index, java.util.function.IntFunction<T[]> array) {
    T[] out = array.apply(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      out[i] = (T) rows.get(i)[index];
    }
    return out;
  }

  /**
   * The seed's design: each event in its own transaction, one at a time on one connection — read the
   * event's rules, insert each reward unless already held (the unique keys decide), add the points to the
   * user's total — what its {@code handleEvent} action does.
   */
  Run seedDesign(Db db, String prefix, long count) {
    SqlConnection conn = slow(db.pool().getConnection());
    long started = System.nanoTime();
    long rows = 0;
    try {
      for (long i = 0; i < count; i++) {
        rows += slow(oneEvent(conn, workload.event(prefix, i)));
      }
    } finally {
      slow(conn.close());
    }
    return new Run(count, rows, (System.nanoTime() - started) / 1e9);
  }

  private Future<Long> oneEvent(SqlConnection conn, BenchWorkload.Event event) {
    long[] points = new long[1];
    long[] rows = new long[1];
    return conn.begin().compose(tx -> conn.preparedQuery(
          "SELECT id, points_awarded, badge_id, title_id FROM gamification_rules WHERE event_name = $1 AND active ORDER BY id")
        .execute(args(event.eventName()))
        .compose(rules -> {
          Future<?> chain = Future.succeededFuture();
          for (Row rule : rules) {
            long ruleId = rule.getLong("id");
            Integer award = rule.getInteger("points_awarded");
            Long badge = rule.getLong("badge_id");
            Long title = rule.getLong("title_id");
            if (award != null) {
              chain = chain.compose(v -> conn.preparedQuery("""
                  INSERT INTO points_log (user_id, points, rule_id, event_id, related_entity_id, dedupe_key, occurred_at, created_by)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING points""")
                .execute(args(event.userId(), award, ruleId, event.eventId(), event.relatedEntityId(), event.dedupeKey(),
                  workload.occurredAtOffset, BenchWorkload.CREATED_BY))
                .map(inserted -> {
                  for (Row row : inserted) {
                    points[0] += row.getInteger(0);
                    rows[0]++;
                  }
                  return null;
                }));
            }
            if (badge != null) {
              chain = chain.compose(v -> conn.preparedQuery("""
                  INSERT INTO user_badges (user_id, badge_id, rule_id, event_id, created_by) VALUES ($1, $2, $3, $4, $5)
                  ON CONFLICT DO NOTHING""")
                .execute(args(event.userId(), badge, ruleId, event.eventId(), BenchWorkload.CREATED_BY))
                .map(r -> rows[0] += r.rowCount()));
            }
            if (title != null) {
              chain = chain.compose(v -> conn.preparedQuery("""
                  INSERT INTO user_titles (user_id, title_id, rule_id, event_id, created_by) VALUES ($1, $2, $3, $4, $5)
                  ON CONFLICT DO NOTHING""")
                .execute(args(event.userId(), title, ruleId, event.eventId(), BenchWorkload.CREATED_BY))
                .map(r -> rows[0] += r.rowCount()));
            }
          }
          return chain;
        })
        .compose(v -> points[0] == 0 ? Future.succeededFuture() : conn.preparedQuery("""
            INSERT INTO user_totals AS t (user_id, total_points) VALUES ($1, $2)
            ON CONFLICT (user_id) DO UPDATE SET total_points = t.total_points + excluded.total_points, updated_at = now()""")
          .execute(args(event.userId(), points[0])).map(r -> rows[0]++))
        .compose(v -> tx.commit())
        .recover(e -> tx.rollback().transform(r -> Future.failedFuture(e))))
      .map(v -> rows[0]);
  }

  /** The seed's live leaderboard: the top 100 aggregated from the points log at each call. Latencies in ns, sorted. */
  long[] liveLeaderboard(Pool pool, int runs, double maxSeconds) {
    String sql = "SELECT user_id, sum(points) AS total FROM points_log GROUP BY user_id ORDER BY total DESC LIMIT 100";
    slow(pool.query(sql).execute());
    List<Long> nanos = new ArrayList<>();
    long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
    while (nanos.size() < runs && (nanos.size() < 3 || System.nanoTime() < deadline)) {
      long started = System.nanoTime();
      slow(pool.query(sql).execute());
      nanos.add(System.nanoTime() - started);
    }
    return nanos.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  static long count(Pool pool, String sql) {
    Row row = slow(pool.query(sql).execute()).iterator().next();
    return row.getValue(0) == null ? 0 : ((Number) row.getValue(0)).longValue();
  }

  /** Checks a database against the workload: the counts and sums it must hold. */
  static Map<String, Long> totals(Pool pool) {
    Map<String, Long> out = new LinkedHashMap<>();
    Row row = slow(pool.query("""
        SELECT (SELECT count(*) FROM processed_events), (SELECT count(*) FROM points_log),
               (SELECT coalesce(sum(points), 0) FROM points_log), (SELECT coalesce(sum(total_points), 0) FROM user_totals),
               (SELECT count(*) FROM reward_outbox), (SELECT count(*) FROM user_badges) + (SELECT count(*) FROM user_titles),
               (SELECT count(*) FROM rule_cap_counters) + (SELECT count(*) FROM rule_keys) + (SELECT count(*) FROM rule_progress)
                 + (SELECT count(*) FROM streak_marks) + (SELECT count(*) FROM streak_progress)""")
      .execute()).iterator().next();
    out.put("inbox", row.getLong(0));
    out.put("logRows", row.getLong(1));
    out.put("logPoints", ((Number) row.getValue(2)).longValue());
    out.put("totals", ((Number) row.getValue(3)).longValue());
    out.put("outbox", row.getLong(4));
    out.put("badgesTitles", row.getLong(5));
    out.put("ruleCounters", row.getLong(6));
    return out;
  }

  static <T> T slow(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException("benchmark step failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    for (Pool pool : pools) {
      slow(pool.close());
    }
  }
}
