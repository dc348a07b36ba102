package com.gigsy.gamification.app;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.testing.Await;
import com.gigsy.gamification.testing.EventSender;
import com.gigsy.gamification.testing.GraphQLClient;
import com.gigsy.gamification.testing.TestService;
import com.gigsy.gamification.testing.TestStack;
import com.gigsy.gamification.testing.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin console (CONTRACT §10) in a real browser (headless Chromium) against the whole service on the real stack:
 * signing in, a rule made through the form and refused at its field first, a user's points changing live as events
 * arrive through Kafka, adjustments and their audit entry, a backfill's progress, the leaderboard, a non-admin token.
 * Forms are filled and sent from the keyboard.
 */
class ConsoleBrowserTest {

  /** Where the README's screenshot is written as well, when set (see README, "Admin console"). */
  private static final String README_SCREENSHOT = "gamification.console.screenshot";
  private static final String ADMIN = "console-admin";
  private static final Pattern JOB_STARTED = Pattern.compile("Backfill job (\\d+) started");

  @RegisterExtension
  static final TestService SERVICE = TestService.of(Service::start)
    .configured(config -> config.with(Setting.DEMO_DATA, "true").with(Setting.ENGINE_BATCH_SIZE, "5"));

  @RegisterExtension
  final Browser browser = new Browser();

  private final GraphQLClient admin = SERVICE.graphql(TestTokens.admin(ADMIN));

  private static String base() {
    return "http://127.0.0.1:" + SERVICE.httpPort();
  }

  private static String unique() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private void signIn(String token) {
    browser.open(base() + "/admin");
    browser.labelled("Bearer token").sendKeys(token);
    browser.driver().findElement(By.xpath("//button[normalize-space()='Sign in']")).click();
  }

  private void signInAsAdmin() {
    signIn(TestTokens.admin(ADMIN));
    browser.awaitText("#signed-in-as", ADMIN);
  }

  private void section(String name) {
    browser.driver().findElement(By.xpath("//nav//a[normalize-space()='" + name + "']")).click();
  }

  private String createRule(String eventName, String description, int points) {
    return admin.data("mutation($i: RuleInput!) { createRule(input: $i) { id } }", new JsonObject().put("i",
      new JsonObject().put("eventName", eventName).put("description", description).put("pointsAwarded", points)))
      .getJsonObject("createRule").getString("id");
  }

  private long total(String userId) {
    return admin.data("query($u: ID!) { gamificationProfile(userId: $u) { totalPoints } }", new JsonObject().put("u", userId))
      .getJsonObject("gamificationProfile").getLong("totalPoints");
  }

  @Test
  @DisplayName("an admin signs in by pasting a token (kept in session storage only) and creates a capped rule; a cap of "
    + "0 is refused at its field first, and the untrusted description shows as text")
  void cappedRuleThroughTheForm() {
    String eventName = "console.capped." + unique();
    String description = "<img src=x onerror=alert(1)> 5 points, at most 3 a day";

    signInAsAdmin();
    assertThat(browser.script("return [sessionStorage.length, localStorage.length, document.cookie]"))
      .isEqualTo(List.of(1L, 0L, ""));
    browser.driver().findElement(By.linkText("New rule")).click();
    browser.labelled("Event name").sendKeys(eventName);
    browser.labelled("Description").sendKeys(description);
    browser.labelled("Points").sendKeys("5");
    browser.choice("Limit how often this rule grants").sendKeys(Keys.SPACE);
    WebElement count = browser.labelled("At most");
    count.sendKeys("0");
    new Select(browser.labelled("Per")).selectByValue("DAY");
    count.sendKeys(Keys.ENTER);

    WebElement error = browser.visible("[data-error-for='input.cap.count']");
    assertThat(error.getText()).isEqualTo("Must be at least 1, got 0");
    assertThat(count.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(count.getAttribute("aria-describedby")).contains(error.getAttribute("id"));
    assertThat(browser.driver().switchTo().activeElement()).isEqualTo(count);
    assertThat(rules(eventName)).as("nothing was created").isEmpty();

    count.clear();
    count.sendKeys("3", Keys.ENTER);

    WebElement row = browser.awaitText("#rule-list tbody tr", eventName);
    assertThat(row.getText()).contains(description, "Capped: 3 per UTC day", "5 points", "active");
    assertThat(browser.driver().findElements(By.cssSelector("#rule-list img"))).isEmpty();
    assertThat(browser.driver().getCurrentUrl()).endsWith("/admin#/rules");
    JsonObject rule = rules(eventName).getJsonObject(0);
    assertThat(rule.getString("description")).isEqualTo(description);
    assertThat(rule.getInteger("pointsAwarded")).isEqualTo(5);
    assertThat(rule.getJsonObject("cap")).isEqualTo(new JsonObject().put("count", 3).put("period", "DAY"));
  }

  private JsonArray rules(String eventName) {
    return admin.data("query($e: String) { rules(eventName: $e) { description pointsAwarded cap { count period } } }",
      new JsonObject().put("e", eventName)).getJsonArray("rules");
  }

  private static final String RULE_FIELDS = """
    id eventName description active pointsAwarded pointsFromAttribute pointsMultiplier badge { id } title { id }
    conditions { attribute op value values } validFrom validUntil cap { count period } threshold
    streak { length period } reverses { id }""";

  private JsonObject rule(String id) {
    JsonArray all = admin.data("{ rules { " + RULE_FIELDS + " } }", new JsonObject()).getJsonArray("rules");
    return all.stream().map(JsonObject.class::cast).filter(rule -> rule.getString("id").equals(id)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("the edit form gives back every field of a rule as it was (conditions, points from an attribute, window "
    + "to the microsecond, cap, badge); a bad condition value is refused at its row's field; an added condition is kept")
  void ruleEditKeepsEveryField() {
    String badge = admin.data("{ badges { id name } }", new JsonObject()).getJsonArray("badges").stream()
      .map(JsonObject.class::cast).filter(b -> b.getString("name").equals("First Gig")).findFirst().orElseThrow()
      .getString("id");
    String id = admin.data("mutation($i: RuleInput!) { createRule(input: $i) { id } }", new JsonObject().put("i",
      new JsonObject()
        .put("eventName", "console.paid." + unique()).put("description", "10 % of paid gigs in PT or BR, twice a week")
        .put("pointsFromAttribute", "amount").put("pointsMultiplier", 0.1).put("badgeId", badge)
        .put("validFrom", "2026-01-01T00:00:00Z").put("validUntil", "2099-12-31T23:59:59.123456Z")
        .put("cap", new JsonObject().put("count", 2).put("period", "WEEK"))
        .put("conditions", new JsonArray()
          .add(new JsonObject().put("attribute", "country").put("op", "IN").put("values", new JsonArray().add("PT").add("BR")))
          .add(new JsonObject().put("attribute", "amount").put("op", "GT").put("value", "100"))
          .add(new JsonObject().put("attribute", "verified").put("op", "EXISTS")))))
      .getJsonObject("createRule").getString("id");
    JsonObject before = rule(id);

    signInAsAdmin();
    browser.open(base() + "/admin#/rules/" + id);
    browser.awaitText("main h1", "Edit rule #" + id);
    browser.driver().findElement(By.xpath("//button[normalize-space()='Save rule']")).click();
    browser.awaitText("#rule-list tbody tr", before.getString("description"));
    assertThat(rule(id)).as("saved unchanged").isEqualTo(before);

    browser.open(base() + "/admin#/rules/" + id);
    WebElement value = browser.visible("[data-field='input.conditions[1].value']");
    value.clear();
    value.sendKeys("lots", Keys.ENTER);
    WebElement error = browser.visible("[data-error-for='input.conditions[1].value']");
    assertThat(error.getText()).contains("lots");
    assertThat(browser.driver().switchTo().activeElement()).isEqualTo(value);
    value.clear();
    value.sendKeys("250");
    browser.driver().findElement(By.xpath("//button[normalize-space()='Add a condition']")).click();
    browser.driver().switchTo().activeElement().sendKeys("score");
    new Select(browser.visible("[data-field='input.conditions[3].op']")).selectByValue("GTE");
    browser.visible("[data-field='input.conditions[3].value']").sendKeys("90", Keys.ENTER);
    browser.awaitText("#status", "Rule #" + id + " saved");

    JsonObject after = rule(id);
    assertThat(after.getJsonArray("conditions").getJsonObject(1).getString("value")).isEqualTo("250");
    assertThat(after.getJsonArray("conditions").getJsonObject(3))
      .isEqualTo(new JsonObject().put("attribute", "score").put("op", "GTE").put("value", "90").putNull("values"));
    JsonObject changed = after.copy();
    changed.getJsonArray("conditions").getJsonObject(1).put("value", "100");
    changed.getJsonArray("conditions").remove(3);
    assertThat(changed).as("nothing else changed").isEqualTo(before);

    // deactivated from the list (a confirmation dialog), then activated again: the rule as it was
    String row = "//tr[td[1][normalize-space()='" + id + "']]";
    browser.await("the rule's row", d -> d.findElement(By.xpath(row + "//button[normalize-space()='Deactivate…']"))).click();
    browser.driver().findElement(By.xpath("//dialog//button[normalize-space()='Deactivate']")).click();
    browser.await("the rule shows inactive", d -> d.findElement(By.xpath(row)).getText().contains("inactive"));
    assertThat(rule(id).getBoolean("active")).isFalse();
    browser.driver().findElement(By.xpath(row + "//button[normalize-space()='Activate']")).click();
    browser.awaitText("#status", "Rule #" + id + " activated");
    assertThat(rule(id)).isEqualTo(after);
  }

  @Test
  @DisplayName("a badge made through the catalog form (a bad icon URL refused at its field first) is granted by an event, "
    + "then revoked from the user's page with a reason, which the rewards history shows")
  void badgeCreatedGrantedAndRevoked() {
    String name = "Helper <3 " + unique();
    String user = "helper-" + unique();

    signInAsAdmin();
    section("Badges");
    browser.labelled("Name").sendKeys(name);
    browser.labelled("Description").sendKeys("Helped others");
    WebElement icon = browser.labelled("Icon URL");
    icon.sendKeys("ftp://cdn.gigsy.test/helper.png", Keys.ENTER);
    browser.visible("[data-error-for='input.iconUrl']");
    assertThat(icon.getAttribute("aria-invalid")).isEqualTo("true");
    icon.clear();
    icon.sendKeys("https://cdn.gigsy.test/helper.png", Keys.ENTER);
    browser.awaitText("main tbody tr", name);
    String badge = admin.data("{ badges { id name } }", new JsonObject()).getJsonArray("badges").stream()
      .map(JsonObject.class::cast).filter(b -> b.getString("name").equals(name)).findFirst().orElseThrow().getString("id");
    String eventName = "console.help." + unique();
    admin.data("mutation($i: RuleInput!) { createRule(input: $i) { id } }", new JsonObject().put("i", new JsonObject()
      .put("eventName", eventName).put("description", "The helper badge").put("badgeId", badge)));
    SERVICE.events().send(eventName, user, "thread-1");

    browser.open(base() + "/admin#/users/" + user);
    browser.awaitText("#user-id", user);
    WebElement award = browser.awaitText("#user-badges tbody tr", name);
    award.findElement(By.xpath(".//button[normalize-space()='Revoke…']")).click();
    browser.visible("dialog textarea").sendKeys("awarded by mistake");
    browser.driver().findElement(By.xpath("//dialog//button[normalize-space()='Revoke']")).click();

    browser.awaitText("#rewards-history tbody tr", "badge revoked: " + name);
    assertThat(browser.driver().findElements(By.cssSelector("dialog"))).isEmpty();
    assertThat(admin.data("query($u: ID!) { gamificationProfile(userId: $u) { badges { badge { id } } } }",
      new JsonObject().put("u", user)).getJsonObject("gamificationProfile").getJsonArray("badges")).isEmpty();
  }

  @Test
  @DisplayName("a user's page shows their points change as events arrive through Kafka; an adjustment shows at once, "
    + "one taking the total below 0 is refused at its field, and the audit log shows who adjusted, by what and why")
  void userPointsLiveAdjustmentAndAudit() {
    String eventName = "console.visit." + unique();
    createRule(eventName, "10 points a visit", 10);
    String user = "ana/<b>&\"#" + unique();
    String reason = "goodwill <script>alert(1)</script>";

    signInAsAdmin();
    section("Users");
    browser.labelled("User id").sendKeys(user, Keys.ENTER);
    browser.awaitText("#user-id", user);
    browser.awaitText("#total-points", "0");
    for (int i = 1; i <= 3; i++) {
      SERVICE.events().send(eventName, user, "visit-" + i);
    }

    browser.await("the page shows 30 points", d -> browser.visible("#total-points").getText().equals("30"));
    browser.await("three entries in the points history",
      d -> d.findElements(By.cssSelector("#points-history tbody tr")).size() == 3);

    browser.labelled("Points").sendKeys("-5");
    browser.labelled("Reason").sendKeys(reason, Keys.ENTER);
    browser.await("the page shows 25 points", d -> browser.visible("#total-points").getText().equals("25"));
    assertThat(browser.awaitText("#points-history tbody tr", reason).getText()).contains("−5", "ADJUSTMENT", ADMIN);
    assertThat(total(user)).isEqualTo(25);

    browser.labelled("Points").sendKeys("-1000");
    browser.labelled("Reason").sendKeys("too much", Keys.ENTER);
    WebElement error = browser.visible("[data-error-for='points']");
    assertThat(error.getText()).startsWith("Would take the total of " + user + " below 0");
    assertThat(browser.labelled("Points").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(total(user)).isEqualTo(25);

    section("Audit log");
    WebElement entry = browser.awaitText("#audit-list tbody tr", "adjustPoints");
    assertThat(entry.getText()).contains(ADMIN, reason, "-5", user.replace("\"", "\\\""));
  }

  @Test
  @DisplayName("erasing a user from their page asks for the user id first (a wrong one refused at its field), then "
    + "every row about them goes and the console returns to the users page")
  void eraseWithConfirmation() {
    String eventName = "console.erase." + unique();
    createRule(eventName, "5 points", 5);
    String user = "leaving-" + unique();
    SERVICE.events().send(eventName, user, "thing-1");
    Await.until("the event is applied", () -> total(user) == 5);

    signInAsAdmin();
    browser.open(base() + "/admin#/users/" + user);
    browser.awaitText("#total-points", "5");
    browser.driver().findElement(By.xpath("//button[normalize-space()='Erase user…']")).click();
    WebElement confirmation = browser.visible("dialog input");
    confirmation.sendKeys("someone-else");
    browser.driver().findElement(By.xpath("//dialog//button[normalize-space()='Erase for good']")).click();
    browser.visible("dialog [data-error-for='confirm']");
    assertThat(total(user)).as("not erased yet").isEqualTo(5);
    confirmation.clear();
    confirmation.sendKeys(user);
    browser.driver().findElement(By.xpath("//dialog//button[normalize-space()='Erase for good']")).click();

    browser.await("back on the users page", d -> d.getCurrentUrl().endsWith("/admin#/users"));
    assertThat(total(user)).isZero();
    assertThat(admin.data("{ auditLog(first: 1) { entries { operation arguments } } }", new JsonObject())
      .getJsonObject("auditLog").getJsonArray("entries").getJsonObject(0).getString("operation")).isEqualTo("eraseUser");
  }

  @Test
  @DisplayName("a backfill started from the jobs page shows its progress until it is done, and grants the past events")
  void backfillProgress() {
    String eventName = "console.past." + unique();
    List<String> users = List.of("past-a-" + unique(), "past-b-" + unique(), "past-c-" + unique(), "past-d-" + unique());
    List<String> eventIds = new ArrayList<>();
    for (String user : users) {
      for (int i = 1; i <= 6; i++) {
        eventIds.add(SERVICE.events().send(eventName, user, "lesson-" + i).getString("eventId"));
      }
    }
    Await.until("the 24 events are processed", () -> Await.result(SERVICE.db()
      .preparedQuery("SELECT count(*) FROM processed_events WHERE event_id = ANY($1)")
      .execute(Tuple.of(eventIds.toArray(String[]::new)))).iterator().next().getLong(0) == 24);
    String ruleId = createRule(eventName, "2 points a past lesson", 2);

    signInAsAdmin();
    section("Jobs");
    browser.await("the rule is offered", d -> !d.findElements(By.cssSelector("#backfill-rule option[value='" + ruleId + "']")).isEmpty());
    new Select(browser.labelled("Rule")).selectByValue(ruleId);
    browser.driver().findElement(By.xpath("//button[normalize-space()='Start backfill']")).click();
    Matcher started = JOB_STARTED.matcher(browser.awaitText("#status", "Backfill job").getText());
    assertThat(started.find()).isTrue();
    String job = started.group(1);

    browser.awaitText("[data-job-status='" + job + "']", "SUCCEEDED");
    List<String> progress = browser.await("the job's progress bar", d -> {
      WebElement bar = d.findElement(By.cssSelector("[data-job-progress='" + job + "']"));
      return List.of(bar.getAttribute("value"), bar.getAttribute("max"), bar.findElement(By.xpath("..")).getText());
    });
    assertThat(progress).containsExactly("24", "24", "24 / 24");
    assertThat(users).allSatisfy(user -> assertThat(total(user)).isEqualTo(12));
  }

  @Test
  @DisplayName("the leaderboard page recomputes on demand, charts the top users' points and hides a user from the boards")
  void leaderboard() {
    String eventName = "console.board." + unique();
    createRule(eventName, "1,000 points", 1000);
    String first = "board-1-" + unique();
    String second = "board-2-" + unique();
    String third = "board-3-" + unique();
    for (int i = 0; i < 3; i++) {
      SERVICE.events().send(eventName, first, "x-" + i);
    }
    SERVICE.events().send(eventName, second, "y-1");
    SERVICE.events().send(eventName, second, "y-2");
    SERVICE.events().send(eventName, third, "z-1");
    Await.until("the events are processed", () -> total(first) == 3000 && total(second) == 2000 && total(third) == 1000);

    signInAsAdmin();
    section("Leaderboards");
    browser.visible("#recompute").click();
    browser.awaitText("#board", third);

    String board = browser.visible("#board").getText();
    assertThat(board.indexOf(first)).isLessThan(board.indexOf(second));
    assertThat(board.indexOf(second)).isLessThan(board.indexOf(third));
    List<WebElement> bars = browser.driver().findElements(By.cssSelector("#board-chart svg g.bar"));
    assertThat(bars).hasSizeBetween(3, 10);
    assertThat(bars.get(0).findElement(By.tagName("rect")).getAttribute("width"))
      .as("the top user's bar is the longest").isEqualTo(String.valueOf(480 - 130 - 70));

    browser.driver().findElement(By.xpath("//tr[contains(., '" + third + "')]//button[normalize-space()='Hide']")).click();
    browser.await(third + " leaves the board", d -> !browser.visible("#board").getText().contains(third));
    assertThat(admin.data("query($u: ID!) { gamificationProfile(userId: $u) { rank } }", new JsonObject().put("u", third))
      .getJsonObject("gamificationProfile").getValue("rank")).isNull();
  }

  @Test
  @DisplayName("a non-admin token gets a clear \"Admin only\" page, and the console asks the API nothing with it")
  void nonAdmin() {
    signIn(TestTokens.user("console-user-" + unique()));

    assertThat(browser.awaitText("#admin-only h1", "Admin only")).isNotNull();
    assertThat(browser.driver().findElements(By.cssSelector("nav"))).isEmpty();
    assertThat(browser.script("return performance.getEntriesByType('resource')"
      + ".filter(entry => entry.name.includes('/graphql')).length")).isEqualTo(0L);
  }

  @Test
  @DisplayName("the link dev mode prints opens the console signed in as the dev admin, and the token leaves the address")
  void devModeLink() {
    String banner = Banner.render(SERVICE.config(), SERVICE.httpPort(), Optional.empty(),
      Optional.of(DevTokens.admin(TestStack.JWT_SECRET, Instant.now())), Optional.empty());
    Matcher link = Pattern.compile("Admin console, signed in as admin:\\s+(\\S+)").matcher(banner);
    assertThat(link.find()).as(banner).isTrue();

    browser.open(link.group(1));

    browser.awaitText("#signed-in-as", DevTokens.ADMIN);
    browser.visible("#rule-list");
    assertThat(browser.driver().getCurrentUrl()).isEqualTo(base() + "/admin#/rules");
    assertThat(browser.script("return sessionStorage.getItem('gigsy.gamification.admin.token')"))
      .isEqualTo(link.group(1).substring(link.group(1).indexOf("#token=") + "#token=".length()));
  }

  @Test
  @DisplayName("a user's page lists the badges, titles and history the demo rules granted (the README's screenshot)")
  void demoUserPage() throws IOException {
    String user = "ana.lima-" + unique();
    SERVICE.events().send(EventSender.event("course.completed", user, "course-42")
      .put("attributes", new JsonObject().put("score", 95)));
    SERVICE.events().send("gig.completed", user, "gig-7");
    SERVICE.events().send("lesson.completed", user, "lesson-1");
    SERVICE.events().send(EventSender.event("gig.paid", user, "gig-7").put("attributes", new JsonObject().put("amount", 480)));
    Await.until("the events are processed", () -> total(user) == 50 + 100 + 48);
    // the demo levels: Rookie from 100 points, Pro from 1,000
    admin.data("mutation { recomputeLeaderboard { computedAt } }", new JsonObject());

    signInAsAdmin();
    browser.open(base() + "/admin#/users/" + user);
    browser.awaitText("#total-points", "198");
    assertThat(browser.visible("#level").getText()).isEqualTo("Rookie");
    assertThat(browser.visible("#next-level").getText()).isEqualTo("Pro");
    assertThat(browser.visible("#summary").getText()).contains("802 points to go");
    assertThat(browser.visible("#rank").getText()).matches("\\d+");
    assertThat(browser.visible("main").getText()).contains("Top of the Class", "First Gig", "Top Learner");
    browser.await("the rewards history is listed",
      d -> d.findElements(By.cssSelector("#rewards-history tbody tr")).size() >= 6);

    browser.screenshot(Path.of("target", "screenshots", "console.png"));
    String readme = System.getProperty(README_SCREENSHOT);
    if (readme != null) {
      browser.screenshot(Path.of(readme));
    }
  }
}
