package com.gigsy.gamification.api;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static com.gigsy.gamification.testing.GraphQLClient.errorCode;
import static com.gigsy.gamification.testing.GraphQLClient.firstError;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code pointsHistory}: the provenance of a user's points, newest first, cursor-paginated without skips or repeats. */
class HistoryTest {

  private static final String HISTORY = """
    query($u: ID!, $first: Int, $after: String) { pointsHistory(userId: $u, first: $first, after: $after) {
      entries { cursor id points rule { id eventName pointsAwarded } eventId relatedEntityId createdBy occurredAt createdAt }
      pageInfo { hasNextPage endCursor } } }""";

  @RegisterExtension
  static final TestService SERVICE = TestService.of(ApiService.SERVICE).configured(c -> c.with(Setting.ROLES, "api"));

  private static long rule;

  @BeforeAll
  static void rule() {
    rule = Await.result(SERVICE.db().query("INSERT INTO gamification_rules (event_name, description, points_awarded) "
      + "VALUES ('history.tested', 'history', 7) RETURNING id").execute()).iterator().next().getLong(0);
  }

  @Test
  @DisplayName("45 entries come newest first in pages of 20, 20 and 5, each entry once, with its provenance")
  void pages() {
    String user = "historian-" + UUID.randomUUID();
    List<Long> inserted = insert(user, 45);
    GraphQLClient client = SERVICE.graphql(TestTokens.user(user));

    List<Long> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String after = null;
    boolean more = true;
    while (more) {
      JsonObject page = page(client, user, 20, after);
      JsonArray entries = page.getJsonArray("entries");
      sizes.add(entries.size());
      entries.stream().map(JsonObject.class::cast).forEach(e -> seen.add(Long.parseLong(e.getString("id"))));
      more = page.getJsonObject("pageInfo").getBoolean("hasNextPage");
      after = page.getJsonObject("pageInfo").getString("endCursor");
      assertThat(after).isEqualTo(entries.getJsonObject(entries.size() - 1).getString("cursor"));
    }

    assertThat(sizes).containsExactly(20, 20, 5);
    assertThat(seen).doesNotHaveDuplicates().containsExactlyElementsOf(newestFirst(inserted));
    JsonObject newest = page(client, user, 1, null).getJsonArray("entries").getJsonObject(0);
    assertThat(newest.getInteger("points")).isEqualTo(45);
    assertThat(newest.getJsonObject("rule").getString("id")).isEqualTo(Long.toString(rule));
    assertThat(newest.getJsonObject("rule").getString("eventName")).isEqualTo("history.tested");
    assertThat(newest.getString("eventId")).isEqualTo("event-" + user + "-45");
    assertThat(newest.getString("relatedEntityId")).isEqualTo("entity-45");
    assertThat(newest.getString("createdBy")).isEqualTo("actor \"45\" 🧾");
    assertThat(newest.getString("occurredAt")).isEqualTo("2025-01-01T00:45:00Z");
    assertThat(newest.getString("createdAt")).isNotBlank();
  }

  @Test
  @DisplayName("entries recorded between two page requests neither shift nor repeat the next page")
  void stableCursor() {
    String user = "historian-" + UUID.randomUUID();
    List<Long> original = insert(user, 10);
    GraphQLClient client = SERVICE.graphql(TestTokens.user(user));

    JsonObject first = page(client, user, 4, null);
    insert(user, 3);
    JsonObject second = page(client, user, 4, first.getJsonObject("pageInfo").getString("endCursor"));

    List<Long> ids = new ArrayList<>();
    for (JsonObject page : List.of(first, second)) {
      page.getJsonArray("entries").stream().map(JsonObject.class::cast).forEach(e -> ids.add(Long.parseLong(e.getString("id"))));
    }
    assertThat(ids).containsExactlyElementsOf(newestFirst(original).subList(0, 8));
  }

  @Test
  @DisplayName("first defaults to 20; a user without points has an empty page; first outside 1–100 and a foreign cursor are BAD_USER_INPUT")
  void arguments() {
    String user = "historian-" + UUID.randomUUID();
    insert(user, 25);
    GraphQLClient client = SERVICE.graphql(TestTokens.user(user));

    JsonObject byDefault = client.data("query($u: ID!) { pointsHistory(userId: $u) { entries { id } pageInfo { hasNextPage } } }",
      new JsonObject().put("u", user)).getJsonObject("pointsHistory");
    assertThat(byDefault.getJsonArray("entries")).hasSize(20);
    assertThat(byDefault.getJsonObject("pageInfo").getBoolean("hasNextPage")).isTrue();

    String nobody = "nobody-" + UUID.randomUUID();
    JsonObject empty = page(SERVICE.graphql(TestTokens.user(nobody)), nobody, 5, null);
    assertThat(empty.getJsonArray("entries")).isEmpty();
    assertThat(empty.getJsonObject("pageInfo").getBoolean("hasNextPage")).isFalse();
    assertThat(empty.getJsonObject("pageInfo").getValue("endCursor")).isNull();

    assertThat(error(client, user, 0, null)).contains("'first'");
    assertThat(error(client, user, 101, null)).contains("'first'");
    assertThat(error(client, user, 5, "not-a-cursor")).contains("'after'");
    assertThat(error(client, user, 5, "cG9pbnRzOi0x")).as("points:-1").contains("'after'");
  }

  @Test
  @DisplayName("another user's history is FORBIDDEN; an admin may read anyone's")
  void authorization() {
    String user = "historian-" + UUID.randomUUID();
    insert(user, 2);

    JsonObject nosy = SERVICE.graphql(TestTokens.user("nosy-" + UUID.randomUUID()))
      .post(HISTORY, new JsonObject().put("u", user).put("first", 5));
    JsonObject admin = page(SERVICE.admin(), user, 5, null);

    assertThat(errorCode(nosy)).isEqualTo("FORBIDDEN");
    assertThat(nosy.getValue("data")).isNull();
    assertThat(admin.getJsonArray("entries")).hasSize(2);
  }

  private static List<Long> newestFirst(List<Long> ids) {
    List<Long> copy = new ArrayList<>(ids);
    Collections.reverse(copy);
    return copy;
  }

  private static JsonObject page(GraphQLClient client, String user, int first, String after) {
    return client.data(HISTORY, new JsonObject().put("u", user).put("first", first).put("after", after)).getJsonObject("pointsHistory");
  }

  private static String error(GraphQLClient client, String user, int first, String after) {
    JsonObject response = client.post(HISTORY, new JsonObject().put("u", user).put("first", first).put("after", after));
    assertThat(errorCode(response)).isEqualTo("BAD_USER_INPUT");
    return firstError(response).getString("message");
  }

  /** {@code count} more entries for the user, numbered on from what they hold; their ids, oldest first. */
  private static List<Long> insert(String user, int count) {
    List<Long> ids = new ArrayList<>();
    for (Row row : Await.result(SERVICE.db().preparedQuery("""
      INSERT INTO points_log (user_id, points, rule_id, event_id, related_entity_id, dedupe_key, occurred_at, created_by)
      SELECT $1::text, n, $2::bigint, 'event-' || $1::text || '-' || n, 'entity-' || n, 'entity:' || n,
             timestamptz '2025-01-01T00:00:00Z' + n * interval '1 minute', 'actor "' || n || '" 🧾'
      FROM generate_series((SELECT count(*) FROM points_log WHERE user_id = $1) + 1,
                           (SELECT count(*) FROM points_log WHERE user_id = $1) + $3::int) AS n
      ORDER BY n
      RETURNING id""").execute(Tuple.of(user, rule, count)))) {
      ids.add(row.getLong(0));
    }
    ids.sort(Long::compare);
    return ids;
  }
}
