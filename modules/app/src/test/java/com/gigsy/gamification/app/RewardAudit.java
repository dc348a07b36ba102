package com.gigsy.gamification.app;

import com.gigsy.gamification.testing.Await;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** What PostgreSQL and the rewards topic hold, read back for comparison with a {@link Workload.Oracle}. */
record RewardAudit(Map<String, Long> totals, Map<String, Long> loggedTotals, Set<String> badges, Set<String> titles,
                   Set<String> levels, long pointsEntries, Map<String, String> outboxTypes, Set<String> onTopic,
                   int topicRecords) {

  static RewardAudit read(Pool db, String userPrefix, List<ConsumerRecord<byte[], byte[]>> rewardRecords) {
    String like = userPrefix + "-%";
    Map<String, Long> totals = new TreeMap<>();
    rows(db, "SELECT user_id, total_points FROM user_totals WHERE user_id LIKE $1", like)
      .forEach(row -> totals.put(row.getString(0), row.getLong(1)));
    Map<String, Long> logged = new TreeMap<>();
    long[] entries = new long[1];
    rows(db, "SELECT user_id, sum(points)::bigint, count(*) FROM points_log WHERE user_id LIKE $1 GROUP BY 1", like)
      .forEach(row -> {
        logged.put(row.getString(0), row.getLong(1));
        entries[0] += row.getLong(2);
      });
    Set<String> badges = new TreeSet<>();
    rows(db, "SELECT ub.user_id, b.name FROM user_badges ub JOIN badges b ON b.id = ub.badge_id WHERE user_id LIKE $1", like)
      .forEach(row -> badges.add(row.getString(0) + "|" + row.getString(1)));
    Set<String> titles = new TreeSet<>();
    rows(db, "SELECT ut.user_id, t.name FROM user_titles ut JOIN titles t ON t.id = ut.title_id WHERE user_id LIKE $1", like)
      .forEach(row -> titles.add(row.getString(0) + "|" + row.getString(1)));
    Set<String> levels = new TreeSet<>();
    rows(db, "SELECT ul.user_id, l.name FROM user_levels ul JOIN levels l ON l.id = ul.level_id WHERE user_id LIKE $1", like)
      .forEach(row -> levels.add(row.getString(0) + "|" + row.getString(1)));
    Map<String, String> outbox = new HashMap<>();
    rows(db, "SELECT r.reward_id::text, r.type FROM reward_outbox o, unnest(o.reward_ids, o.types, o.user_ids) "
      + "AS r (reward_id, type, user_id) WHERE r.user_id LIKE $1", like)
      .forEach(row -> outbox.put(row.getString(0), row.getString(1)));
    Set<String> onTopic = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> record : rewardRecords) {
      onTopic.add(new JsonObject(new String(record.value(), StandardCharsets.UTF_8)).getString("rewardId"));
    }
    return new RewardAudit(totals, logged, badges, titles, levels, entries[0], outbox, onTopic, rewardRecords.size());
  }

  private static Iterable<Row> rows(Pool db, String sql, String like) {
    return Await.result(db.preparedQuery(sql).execute(Tuple.of(like)));
  }

  /** Rewards in PostgreSQL: points entries, badges, titles and levels. */
  long rewards() {
    return pointsEntries + badges.size() + titles.size() + levels.size();
  }

  /** Granted rewards (outbox rows) never seen on the topic. */
  Set<String> missingFromTopic() {
    Set<String> missing = new TreeSet<>(outboxTypes.keySet());
    missing.removeAll(onTopic);
    return missing;
  }
}
