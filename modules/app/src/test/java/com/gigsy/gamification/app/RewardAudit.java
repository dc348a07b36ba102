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

/**
 * What PostgreSQL and the rewards topic hold of every user but some (erased ones), read back for comparison with a
 * {@link Workload.Oracle}; and how many ERASED records the topic holds, of any user.
 */
record RewardAudit(Map<String, Long> totals, Map<String, Long> loggedTotals, Set<String> badges, Set<String> titles,
                   Set<String> levels, long pointsEntries, Map<String, String> outboxTypes, Set<String> onTopic,
                   int topicRecords, int erasedRecords) {

  /** The type of the record an erasure publishes. */
  static final String ERASED = "ERASED";
  /** The users {@link #read} reads of: $1 the pattern of their ids, $2 the excluded ones. */
  private static final String USERS = "user_id LIKE $1 AND user_id <> ALL ($2::text[])";

  /** What is held of the users whose ids start with {@code userPrefix}, but {@code excluded}. */
  static RewardAudit read(Pool db, String userPrefix, Set<String> excluded,
                          List<ConsumerRecord<byte[], byte[]>> rewardRecords) {
    Tuple users = Tuple.tuple().addString(userPrefix + "-%").addArrayOfString(excluded.toArray(String[]::new));
    Map<String, Long> totals = new TreeMap<>();
    rows(db, "SELECT user_id, total_points FROM user_totals WHERE " + USERS, users)
      .forEach(row -> totals.put(row.getString(0), row.getLong(1)));
    Map<String, Long> logged = new TreeMap<>();
    long[] entries = new long[1];
    rows(db, "SELECT user_id, sum(points)::bigint, count(*) FROM points_log WHERE " + USERS + " GROUP BY 1", users)
      .forEach(row -> {
        logged.put(row.getString(0), row.getLong(1));
        entries[0] += row.getLong(2);
      });
    Set<String> badges = new TreeSet<>();
    rows(db, "SELECT ub.user_id, b.name FROM user_badges ub JOIN badges b ON b.id = ub.badge_id WHERE " + USERS, users)
      .forEach(row -> badges.add(row.getString(0) + "|" + row.getString(1)));
    Set<String> titles = new TreeSet<>();
    rows(db, "SELECT ut.user_id, t.name FROM user_titles ut JOIN titles t ON t.id = ut.title_id WHERE " + USERS, users)
      .forEach(row -> titles.add(row.getString(0) + "|" + row.getString(1)));
    Set<String> levels = new TreeSet<>();
    rows(db, "SELECT ul.user_id, l.name FROM user_levels ul JOIN levels l ON l.id = ul.level_id WHERE " + USERS, users)
      .forEach(row -> levels.add(row.getString(0) + "|" + row.getString(1)));
    Map<String, String> outbox = new HashMap<>();
    rows(db, "SELECT r.reward_id::text, r.type FROM reward_outbox o, unnest(o.reward_ids, o.types, o.user_ids) "
      + "AS r (reward_id, type, user_id) WHERE " + USERS, users)
      .forEach(row -> outbox.put(row.getString(0), row.getString(1)));
    Set<String> onTopic = new HashSet<>();
    int topicRecords = 0;
    int erased = 0;
    for (ConsumerRecord<byte[], byte[]> record : rewardRecords) {
      JsonObject reward = new JsonObject(new String(record.value(), StandardCharsets.UTF_8));
      if (ERASED.equals(reward.getString("type"))) {
        erased++;
      }
      if (!excluded.contains(reward.getString("userId"))) {
        onTopic.add(reward.getString("rewardId"));
        topicRecords++;
      }
    }
    return new RewardAudit(totals, logged, badges, titles, levels, entries[0], outbox, onTopic, topicRecords, erased);
  }

  private static Iterable<Row> rows(Pool db, String sql, Tuple users) {
    return Await.result(db.preparedQuery(sql).execute(users));
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
