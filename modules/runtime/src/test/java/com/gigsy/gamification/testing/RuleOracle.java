package com.gigsy.gamification.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the rules of CONTRACT §3 and §7 grant, computed in memory from events in partition order: the oracle the
 * fault scenarios and the benchmark compare PostgreSQL and the rewards topic with. Written from the contract, not
 * from the engine's SQL, so the two can disagree. Feed each user's events in the order of their partition
 * ({@link #apply}); an event id seen before is ignored, as the inbox does.
 */
public final class RuleOracle {

  /** A condition as {@code ConditionInput} has it. */
  public record Condition(String attribute, String op, String value, List<String> values) {

    public static Condition of(String attribute, String op, String value) {
      return new Condition(attribute, op, value, null);
    }

    public static Condition in(String attribute, String... values) {
      return new Condition(attribute, "IN", null, List.of(values));
    }

    /** As the API stores it: the value(s), and as decimals where they read as one. */
    JsonObject stored() {
      JsonObject json = new JsonObject().put("attribute", attribute).put("op", op);
      if (value != null) {
        json.put("value", value);
        BigDecimal number = decimal(value);
        if (number != null) {
          json.put("number", number.toPlainString());
        }
      }
      if (values != null) {
        json.put("values", new JsonArray(new ArrayList<>(values)));
        JsonArray numbers = new JsonArray();
        values.stream().map(RuleOracle::decimal).filter(d -> d != null).forEach(d -> numbers.add(d.toPlainString()));
        json.put("numbers", numbers);
      }
      return json;
    }
  }

  /** A rule, every field of §3 and §7; {@code id} is set by {@link #install}. */
  public record Rule(String eventName, Integer points, Long badgeId, Long titleId, List<Condition> conditions,
                     String pointsFromAttribute, BigDecimal multiplier, Instant validFrom, Instant validUntil,
                     Integer capCount, String capPeriod, Integer threshold, Integer streakLength, String streakPeriod,
                     Long reverses) {

    public Rule(String eventName, Integer points, Long badgeId, Long titleId, List<Condition> conditions,
                String pointsFromAttribute, BigDecimal multiplier, Instant validFrom, Instant validUntil, Integer capCount,
                String capPeriod, Integer threshold, Integer streakLength, String streakPeriod) {
      this(eventName, points, badgeId, titleId, conditions, pointsFromAttribute, multiplier, validFrom, validUntil, capCount,
        capPeriod, threshold, streakLength, streakPeriod, null);
    }

    public static Rule plain(String eventName, Integer points, Long badgeId, Long titleId) {
      return new Rule(eventName, points, badgeId, titleId, List.of(), null, null, null, null, null, null, null, null, null);
    }

    /** A reversal rule: takes back what rule {@code reversed} granted for the event's entity. */
    public static Rule reversal(String eventName, long reversed) {
      return new Rule(eventName, null, null, null, List.of(), null, null, null, null, null, null, null, null, null, reversed);
    }

    public Rule withConditions(Condition... conditions) {
      return new Rule(eventName, points, badgeId, titleId, List.of(conditions), pointsFromAttribute, multiplier, validFrom,
        validUntil, capCount, capPeriod, threshold, streakLength, streakPeriod);
    }

    public Rule withPointsFrom(String attribute, BigDecimal multiplier) {
      return new Rule(eventName, null, badgeId, titleId, conditions, attribute, multiplier, validFrom, validUntil, capCount,
        capPeriod, threshold, streakLength, streakPeriod);
    }

    public Rule withWindow(Instant from, Instant until) {
      return new Rule(eventName, points, badgeId, titleId, conditions, pointsFromAttribute, multiplier, from, until,
        capCount, capPeriod, threshold, streakLength, streakPeriod);
    }

    public Rule withCap(int count, String period) {
      return new Rule(eventName, points, badgeId, titleId, conditions, pointsFromAttribute, multiplier, validFrom,
        validUntil, count, period, threshold, streakLength, streakPeriod);
    }

    public Rule withThreshold(int threshold) {
      return new Rule(eventName, points, badgeId, titleId, conditions, pointsFromAttribute, multiplier, validFrom,
        validUntil, capCount, capPeriod, threshold, streakLength, streakPeriod);
    }

    public Rule withStreak(int length, String period) {
      return new Rule(eventName, points, badgeId, titleId, conditions, pointsFromAttribute, multiplier, validFrom,
        validUntil, capCount, capPeriod, threshold, length, period);
    }

    boolean pays() {
      return points != null || pointsFromAttribute != null;
    }
  }

  /** An event as the engine receives it; {@code attributes} may be null. */
  public record Event(String eventId, String eventName, String userId, String relatedEntityId, Instant occurredAt,
                      JsonObject attributes) {

    String dedupeKey() {
      return relatedEntityId != null ? "entity:" + relatedEntityId : "event:" + eventId;
    }
  }

  /** One reward granted: points (with the rule; negative for a reversal), a badge, a title or a level. */
  public record Grant(String type, String userId, long ruleId, String eventId, Integer points, Long badgeId, Long titleId,
                      Long levelId) {
  }

  /** A level: reached once per user, when the user's total reaches {@code minPoints}. */
  public record Level(long id, long minPoints, Long badgeId, Long titleId) {
  }

  private final Map<Long, Rule> rules = new HashMap<>();
  private final Map<String, List<Long>> rulesByName = new HashMap<>();
  private final Set<String> seenEvents = new HashSet<>();
  private final Set<String> pointsKeys = new HashSet<>();
  private final Map<String, Integer> capGrants = new HashMap<>();
  private final Map<String, Set<String>> milestoneKeys = new HashMap<>();
  private final Map<String, TreeSet<Long>> streakMarks = new HashMap<>();
  private final Set<String> completed = new HashSet<>();
  private final Map<String, Long> totals = new HashMap<>();
  private final Map<String, Long> grantedByRuleEntity = new HashMap<>();
  private final Set<String> reversedKeys = new HashSet<>();
  private final List<Level> levels = new ArrayList<>();
  private final Map<String, Set<Long>> reachedLevels = new HashMap<>();
  private final Map<String, Set<Long>> badges = new HashMap<>();
  private final Map<String, Set<Long>> titles = new HashMap<>();
  private final List<Grant> grants = new ArrayList<>();

  /** Inserts the rule into a migrated database and remembers it under its id; returns the id. */
  public long install(SqlClient db, Rule rule, String description) {
    JsonArray conditions = new JsonArray();
    rule.conditions().forEach(c -> conditions.add(c.stored()));
    Tuple params = Tuple.tuple()
      .addString(rule.eventName()).addString(description).addInteger(rule.points()).addLong(rule.badgeId())
      .addLong(rule.titleId()).addValue(conditions).addString(rule.pointsFromAttribute()).addValue(rule.multiplier())
      .addValue(rule.validFrom() == null ? null : rule.validFrom().atOffset(ZoneOffset.UTC))
      .addValue(rule.validUntil() == null ? null : rule.validUntil().atOffset(ZoneOffset.UTC))
      .addInteger(rule.capCount()).addString(rule.capPeriod()).addInteger(rule.threshold())
      .addInteger(rule.streakLength()).addString(rule.streakPeriod()).addLong(rule.reverses());
    long id = Await.result(db.preparedQuery("""
        INSERT INTO gamification_rules (event_name, description, points_awarded, badge_id, title_id, conditions,
          points_from_attribute, points_multiplier, valid_from, valid_until, cap_count, cap_period, threshold,
          streak_length, streak_period, reverses)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id""").execute(params))
      .iterator().next().getLong("id");
    add(id, rule);
    return id;
  }

  /** Knows a rule without installing it (one installed elsewhere under {@code id}). */
  public void add(long id, Rule rule) {
    rules.put(id, rule);
    rulesByName.computeIfAbsent(rule.eventName(), name -> new ArrayList<>()).add(id);
  }

  /** Applies one event, after every earlier event of its user (partition order). */
  public void apply(Event event) {
    if (!seenEvents.add(event.eventId())) {
      return;
    }
    String user = event.userId();
    long totalBefore = totalPoints(user);
    long taken = 0;
    List<long[]> entries = new ArrayList<>();   // {rule id for the order, points}
    Map<String, Long> gainedNow = new HashMap<>();
    for (long id : rulesByName.getOrDefault(event.eventName(), List.of()).stream().sorted().toList()) {
      Rule rule = rules.get(id);
      if (!matches(rule, event)) {
        continue;
      }
      if (rule.reverses() != null) {
        // takes back what the reversed rule granted for the entity before this event, keeping the total at 0 or more
        String reversed = user + "\u0000" + rule.reverses() + "\u0000" + event.relatedEntityId();
        if (event.relatedEntityId() == null || reversedKeys.contains(reversed)) {
          continue;
        }
        long takeback = Math.max(0, Math.min(grantedByRuleEntity.getOrDefault(reversed, 0L), totalBefore - taken));
        if (takeback > 0) {
          reversedKeys.add(reversed);
          taken += takeback;
          entries.add(new long[] {rule.reverses(), -takeback});
          grants.add(new Grant("POINTS", user, rule.reverses(), event.eventId(), (int) -takeback, null, null, null));
        }
        continue;
      }
      Integer points = points(rule, event);
      String key = event.dedupeKey();
      if (rule.threshold() != null) {
        if (!milestone(id, rule, event)) {
          continue;
        }
        key = "once";
      } else if (rule.streakLength() != null) {
        if (!streak(id, rule, event)) {
          continue;
        }
        key = "once";
      } else if (rule.capCount() != null && !withinCap(id, rule, event)) {
        continue;
      }
      if (points != null && pointsKeys.add(user + "\u0000" + id + "\u0000" + key)) {
        entries.add(new long[] {id, points});
        gainedNow.merge(user + "\u0000" + id + "\u0000" + event.relatedEntityId(), (long) points, Long::sum);
        grants.add(new Grant("POINTS", user, id, event.eventId(), points, null, null, null));
      }
      award(user, id, event.eventId(), rule.badgeId(), rule.titleId(), null);
    }
    gainedNow.forEach((key, points) -> grantedByRuleEntity.merge(key, points, Long::sum));
    // levels: reached by the total after any entry of the event (entries in rule id order, as the engine runs them)
    entries.sort(java.util.Comparator.comparingLong(entry -> entry[0]));
    long running = totalBefore;
    for (long[] entry : entries) {
      running += entry[1];
      for (Level level : levels) {
        if (level.minPoints() <= running && reachedLevels.computeIfAbsent(user, u -> new HashSet<>()).add(level.id())) {
          grants.add(new Grant("LEVEL", user, 0, event.eventId(), null, null, null, level.id()));
          award(user, 0, event.eventId(), level.badgeId(), level.titleId(), level.id());
        }
      }
    }
    if (running != totalBefore) {
      totals.put(user, running);
    }
  }

  /** Grants a badge and a title unless the user holds them already. */
  private void award(String user, long ruleId, String eventId, Long badgeId, Long titleId, Long levelId) {
    if (badgeId != null && badges.computeIfAbsent(user, u -> new HashSet<>()).add(badgeId)) {
      grants.add(new Grant("BADGE", user, ruleId, eventId, null, badgeId, null, levelId));
    }
    if (titleId != null && titles.computeIfAbsent(user, u -> new HashSet<>()).add(titleId)) {
      grants.add(new Grant("TITLE", user, ruleId, eventId, null, null, titleId, levelId));
    }
  }

  /** Knows a level (one installed elsewhere); levels are reached in the order they are added when several at once. */
  public void addLevel(Level level) {
    levels.add(level);
    levels.sort(java.util.Comparator.comparingLong(Level::id));
  }

  /** Inserts a level into a migrated database and knows it; returns its id. */
  public long installLevel(SqlClient db, String name, long minPoints, Long badgeId, Long titleId) {
    long id = Await.result(db.preparedQuery("INSERT INTO levels (name, min_points, badge_id, title_id) VALUES ($1, $2, $3, $4) "
      + "RETURNING id").execute(Tuple.of(name, minPoints, badgeId, titleId))).iterator().next().getLong(0);
    addLevel(new Level(id, minPoints, badgeId, titleId));
    return id;
  }

  private static boolean matches(Rule rule, Event event) {
    if (rule.validFrom() != null && event.occurredAt().isBefore(rule.validFrom())) {
      return false;
    }
    if (rule.validUntil() != null && !event.occurredAt().isBefore(rule.validUntil())) {
      return false;
    }
    if (rule.pointsFromAttribute() != null && !(attribute(event, rule.pointsFromAttribute()) instanceof Number)) {
      return false;
    }
    return rule.conditions().stream().allMatch(c -> holds(c, attribute(event, c.attribute())));
  }

  private static Object attribute(Event event, String name) {
    return event.attributes() == null ? null : event.attributes().getValue(name);
  }

  private static boolean holds(Condition c, Object v) {
    if (v == null) {
      return c.op().equals("NE");
    }
    if (c.op().equals("EXISTS")) {
      return true;
    }
    if (v instanceof Number number) {
      BigDecimal actual = new BigDecimal(number.toString());
      BigDecimal wanted = c.value() == null ? null : decimal(c.value());
      return switch (c.op()) {
        case "EQ" -> wanted != null && actual.compareTo(wanted) == 0;
        case "NE" -> wanted == null || actual.compareTo(wanted) != 0;
        case "GT" -> wanted != null && actual.compareTo(wanted) > 0;
        case "GTE" -> wanted != null && actual.compareTo(wanted) >= 0;
        case "LT" -> wanted != null && actual.compareTo(wanted) < 0;
        case "LTE" -> wanted != null && actual.compareTo(wanted) <= 0;
        case "IN" -> c.values().stream().map(RuleOracle::decimal).anyMatch(d -> d != null && actual.compareTo(d) == 0);
        default -> false;
      };
    }
    String text = v.toString();
    return switch (c.op()) {
      case "EQ" -> text.equals(c.value());
      case "NE" -> !text.equals(c.value());
      case "IN" -> c.values().contains(text);
      default -> false;
    };
  }

  private static Integer points(Rule rule, Event event) {
    if (rule.pointsFromAttribute() == null) {
      return rule.points();
    }
    BigDecimal value = new BigDecimal(attribute(event, rule.pointsFromAttribute()).toString())
      .multiply(rule.multiplier() == null ? BigDecimal.ONE : rule.multiplier())
      .setScale(0, RoundingMode.FLOOR);
    return value.compareTo(BigDecimal.ONE) < 0 ? null : value.min(BigDecimal.valueOf(1_000_000)).intValue();
  }

  private boolean withinCap(long id, Rule rule, Event event) {
    if (rule.pays() && pointsKeys.contains(event.userId() + "\u0000" + id + "\u0000" + event.dedupeKey())) {
      return false;
    }
    String period = rule.capPeriod().equals("ALL_TIME") ? "all" : periodStart(rule.capPeriod(), event.occurredAt()).toString();
    String counter = event.userId() + "\u0000" + id + "\u0000" + period;
    int used = capGrants.getOrDefault(counter, 0);
    if (used >= rule.capCount()) {
      return false;
    }
    capGrants.put(counter, used + 1);
    return true;
  }

  /** Whether this event completes the milestone. */
  private boolean milestone(long id, Rule rule, Event event) {
    String pair = event.userId() + "\u0000" + id;
    Set<String> keys = milestoneKeys.computeIfAbsent(pair, p -> new HashSet<>());
    return keys.add(event.dedupeKey()) && keys.size() == rule.threshold() && completed.add(pair);
  }

  /** Whether this event completes the streak. */
  private boolean streak(long id, Rule rule, Event event) {
    String pair = event.userId() + "\u0000" + id;
    TreeSet<Long> marks = streakMarks.computeIfAbsent(pair, p -> new TreeSet<>());
    LocalDate period = periodStart(rule.streakPeriod(), event.occurredAt());
    long step = rule.streakPeriod().equals("WEEK") ? 7 : 1;
    long number = period.toEpochDay() / step;
    if (!marks.add(number)) {
      return false;
    }
    long run = 1;
    for (long n = number - 1; marks.contains(n); n--) {
      run++;
    }
    for (long n = number + 1; marks.contains(n); n++) {
      run++;
    }
    return run >= rule.streakLength() && !completed.contains(pair) && completed.add(pair);
  }

  /** The first day of the UTC day, ISO week or month {@code at} falls in. */
  public static LocalDate periodStart(String period, Instant at) {
    LocalDate day = OffsetDateTime.ofInstant(at, ZoneOffset.UTC).toLocalDate();
    return switch (period) {
      case "WEEK" -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case "MONTH" -> day.withDayOfMonth(1);
      default -> day;
    };
  }

  private static BigDecimal decimal(String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public long totalPoints(String userId) {
    return totals.getOrDefault(userId, 0L);
  }

  public Set<Long> badges(String userId) {
    return badges.getOrDefault(userId, Set.of());
  }

  public Set<Long> titles(String userId) {
    return titles.getOrDefault(userId, Set.of());
  }

  /** Every user with points, a badge or a title. */
  public Set<String> users() {
    Set<String> users = new HashSet<>(totals.keySet());
    users.addAll(badges.keySet());
    users.addAll(titles.keySet());
    return users;
  }

  /** Every reward granted, in the order granted. */
  public List<Grant> grants() {
    return List.copyOf(grants);
  }

  public long points() {
    return totals.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The levels it knows, by id. */
  public List<Level> levels() {
    return List.copyOf(levels);
  }

  public Set<Long> levels(String userId) {
    return reachedLevels.getOrDefault(userId, Set.of());
  }
}
