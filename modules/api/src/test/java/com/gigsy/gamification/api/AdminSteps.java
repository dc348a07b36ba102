package com.gigsy.gamification.api;

import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TopicCollector;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** What the admin tests of this module do again and again: fresh names, catalog entries, waits on a user or a job, SQL counts. */
final class AdminSteps {

  private static final String CREATE_RULE = "mutation($i: RuleInput!) { createRule(input: $i) { id builtIn reverses { id } } }";

  private final TestService service;
  private final GraphQLClient admin;

  AdminSteps(TestService service, GraphQLClient admin) {
    this.service = service;
    this.admin = admin;
  }

  static String user() {
    return "c-" + UUID.randomUUID();
  }

  static String eventName(String base) {
    return base + ".t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  String rule(JsonObject input) {
    return admin.data(CREATE_RULE, new JsonObject().put("i", input)).getJsonObject("createRule").getString("id");
  }

  String badge() {
    return admin.data("mutation { createBadge(input: {name: \"B\", description: \"d\", iconUrl: \"https://x.test/b.png\"}) "
      + "{ id } }", new JsonObject()).getJsonObject("createBadge").getString("id");
  }

  String title() {
    return admin.data("mutation { createTitle(input: {name: \"T\", description: \"d\"}) { id } }", new JsonObject())
      .getJsonObject("createTitle").getString("id");
  }

  long totalPoints(String user) {
    return admin.data("query($u: ID!) { gamificationProfile(userId: $u) { totalPoints } }", new JsonObject().put("u", user))
      .getJsonObject("gamificationProfile").getLong("totalPoints");
  }

  void awaitTotal(String user, long total) {
    Await.until(user + " has " + total + " points", () -> totalPoints(user) == total);
  }

  JsonObject awaitProfile(String user, String what, String fields, Predicate<JsonObject> condition) {
    JsonObject[] last = new JsonObject[1];
    Await.until(what, () -> {
      last[0] = admin.data("query($u: ID!) { gamificationProfile(userId: $u) { " + fields + " } }",
        new JsonObject().put("u", user)).getJsonObject("gamificationProfile");
      return condition.test(last[0]);
    });
    return last[0];
  }

  /** Waits until job {@code id} ends, checks it succeeded, and answers it. */
  JsonObject awaitJob(String id) {
    JsonObject[] job = new JsonObject[1];
    Await.until("job " + id + " ends", () -> {
      job[0] = admin.data("query($id: ID!) { job(id: $id) { id kind status processed total granted startedAt finishedAt "
        + "error } }", new JsonObject().put("id", id)).getJsonObject("job");
      return !job[0].getString("status").equals("RUNNING");
    });
    assertThat(job[0].getString("status")).as("%s", job[0]).isEqualTo("SUCCEEDED");
    return job[0];
  }

  long count(String sql, Object... params) {
    return Await.result(service.db().preparedQuery(sql).execute(Tuple.from(params))).iterator().next().getLong(0);
  }

  List<String> rows(String sql, Object... params) {
    List<String> rows = new ArrayList<>();
    Await.result(service.db().preparedQuery(sql).execute(Tuple.from(params))).forEach(row -> rows.add(row.getString(0)));
    return rows;
  }

  static Set<String> topicIds(TopicCollector topic, String user) {
    return field(topic, user, "rewardId");
  }

  static Set<String> types(TopicCollector topic, String user) {
    return field(topic, user, "type");
  }

  private static Set<String> field(TopicCollector topic, String user, String name) {
    Set<String> values = new HashSet<>();
    topic.forKey(user).forEach(record -> values.add(new JsonObject(TopicCollector.value(record)).getString(name)));
    return values;
  }
}
