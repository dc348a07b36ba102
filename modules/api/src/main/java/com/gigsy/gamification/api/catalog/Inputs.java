package com.gigsy.gamification.api.catalog;

import com.gigsy.gamification.api.graphql.ApiException;
import com.gigsy.gamification.api.graphql.Arguments;
import com.gigsy.gamification.api.graphql.Ids;
import com.gigsy.gamification.core.EventAttributes;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and checks the input objects of mutations ({@code BadgeInput}, {@code TitleInput},
 * {@code RuleInput}) beyond their GraphQL types. A bad value is {@code BAD_USER_INPUT} with a message
 * naming the field ({@code input.pointsAwarded}, {@code input.cap.count}, {@code input.conditions[2].value}).
 * Strings are kept exactly as given — never trimmed or escaped — so what is stored is what was sent.
 */
final class Inputs {

  static final int MAX_NAME_LENGTH = 100;
  static final int MAX_DESCRIPTION_LENGTH = 1000;
  static final int MAX_URL_LENGTH = 2048;
  static final int MIN_POINTS = 1;
  static final int MAX_POINTS = 1_000_000;
  static final int MIN_THRESHOLD = 2;
  static final int MAX_THRESHOLD = 1_000_000;
  static final int MIN_STREAK = 2;
  static final int MAX_STREAK = 1_000;
  /** A window's bounds lie in the years events can carry (their occurredAt). */
  static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1F\\x7F]");
  /** Descriptions may span lines. */
  private static final Pattern CONTROL_EXCEPT_LINE_BREAKS = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");
  private static final Pattern EVENT_NAME = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");

  /** A checked {@code BadgeInput}. */
  record BadgeInput(String name, String description, String iconUrl) {
  }

  /** A checked {@code TitleInput}. */
  record TitleInput(String name, String description) {
  }

  /**
   * A checked {@code RuleInput}; badge and title ids are still to be found (they may not exist).
   *
   * @param pointsMultiplier null when not given
   * @param validFrom at microsecond precision, as PostgreSQL keeps it
   */
  record RuleInput(String eventName, String description, Integer pointsAwarded, Long badgeId, Long titleId, boolean active,
                   List<Condition> conditions, String pointsFromAttribute, BigDecimal pointsMultiplier,
                   OffsetDateTime validFrom, OffsetDateTime validUntil, Cap cap, Integer threshold, Streak streak,
                   Long reverses) {
  }

  private Inputs() {
  }

  static BadgeInput badge(Map<String, Object> input) {
    return new BadgeInput(name(input), description(input), iconUrl(input));
  }

  static TitleInput title(Map<String, Object> input) {
    return new TitleInput(name(input), description(input));
  }

  static RuleInput rule(Map<String, Object> input) {
    String eventName = (String) input.get("eventName");
    if (eventName == null || eventName.length() > Arguments.MAX_EVENT_NAME_LENGTH || !EVENT_NAME.matcher(eventName).matches()) {
      throw ApiException.badUserInput("input.eventName", "must be 1 to " + Arguments.MAX_EVENT_NAME_LENGTH
        + " characters of dot-separated [a-z0-9_] words, e.g. course.completed");
    }
    Integer points = (Integer) input.get("pointsAwarded");
    if (points != null && (points < MIN_POINTS || points > MAX_POINTS)) {
      throw ApiException.badUserInput("input.pointsAwarded",
        "must be from " + MIN_POINTS + " to " + MAX_POINTS + ", got " + points);
    }
    Long badgeId = Ids.optional(input.get("badgeId"), "input.badgeId", "Badge");
    Long titleId = Ids.optional(input.get("titleId"), "input.titleId", "Title");
    String pointsFrom = (String) input.get("pointsFromAttribute");
    if (pointsFrom != null) {
      attributeName("input.pointsFromAttribute", pointsFrom);
      if (points != null) {
        throw ApiException.badUserInput("input.pointsFromAttribute", "must not be given together with "
          + "input.pointsAwarded: a rule's points are fixed or come from an attribute, not both");
      }
    }
    BigDecimal multiplier = multiplier((Double) input.get("pointsMultiplier"), pointsFrom);
    Long reverses = Ids.optional(input.get("reverses"), "input.reverses", "Rule");
    if (reverses != null && (points != null || pointsFrom != null || badgeId != null || titleId != null)) {
      throw ApiException.badUserInput("input.reverses", "must not be given with a reward (pointsAwarded, "
        + "pointsFromAttribute, badgeId, titleId): a reversal rule only takes points back");
    }
    if (points == null && pointsFrom == null && badgeId == null && titleId == null && reverses == null) {
      throw ApiException.badUserInput("input", "must award something: give pointsAwarded, pointsFromAttribute, badgeId "
        + "or titleId (or reverses, for a reversal rule)");
    }
    Object active = input.get("active");
    if (!(active instanceof Boolean)) {
      throw ApiException.badUserInput("input.active", "must be true or false");
    }
    String description = description(input);
    List<Condition> conditions = Conditions.check(input.get("conditions"));
    OffsetDateTime validFrom = windowBound("input.validFrom", (Instant) input.get("validFrom"));
    OffsetDateTime validUntil = windowBound("input.validUntil", (Instant) input.get("validUntil"));
    if (validFrom != null && validUntil != null && !validUntil.isAfter(validFrom)) {
      throw ApiException.badUserInput("input.validUntil", "must be later than input.validFrom (" + validFrom.toInstant()
        + "): the window is validFrom <= occurredAt < validUntil");
    }
    Cap cap = cap(input.get("cap"));
    Integer threshold = (Integer) input.get("threshold");
    if (threshold != null && (threshold < MIN_THRESHOLD || threshold > MAX_THRESHOLD)) {
      throw ApiException.badUserInput("input.threshold",
        "must be from " + MIN_THRESHOLD + " to " + MAX_THRESHOLD + ", got " + threshold);
    }
    Streak streak = streak(input.get("streak"));
    if (threshold != null && streak != null) {
      throw ApiException.badUserInput("input.streak", "must not be given together with input.threshold: a rule is a "
        + "milestone or a streak, not both");
    }
    if (cap != null && (threshold != null || streak != null)) {
      throw ApiException.badUserInput("input.cap", "must not be given with input." + (threshold != null ? "threshold" : "streak")
        + ": milestones and streaks grant once per user, a cap limits plain rules");
    }
    if (reverses != null && (cap != null || threshold != null || streak != null)) {
      throw ApiException.badUserInput("input.reverses", "must not be given with a cap, a threshold or a streak: a reversal "
        + "takes back once per user, reversed rule and entity");
    }
    return new RuleInput(eventName, description, points, badgeId, titleId, (Boolean) active, conditions, pointsFrom,
      multiplier, validFrom, validUntil, cap, threshold, streak, reverses);
  }

  /** The name of an event attribute, in a condition or {@code pointsFromAttribute}. */
  static String attributeName(String field, String name) {
    if (name == null || !EventAttributes.KEY.matcher(name).matches()) {
      throw ApiException.badUserInput(field, "must be an attribute name matching " + EventAttributes.KEY.pattern()
        + " (a letter or _, then up to 63 letters, digits or _)");
    }
    return name;
  }

  private static BigDecimal multiplier(Double multiplier, String pointsFrom) {
    if (multiplier == null) {
      return null;
    }
    if (pointsFrom == null) {
      throw ApiException.badUserInput("input.pointsMultiplier", "must not be given without input.pointsFromAttribute");
    }
    if (!(multiplier > 0)) {
      throw ApiException.badUserInput("input.pointsMultiplier", "must be greater than 0, got " + multiplier);
    }
    return BigDecimal.valueOf(multiplier);
  }

  private static OffsetDateTime windowBound(String field, Instant given) {
    if (given == null) {
      return null;
    }
    if (given.isBefore(EARLIEST) || given.isAfter(LATEST)) {
      throw ApiException.badUserInput(field, "must be in the years 1970 to 9999, got " + given);
    }
    return given.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }

  @SuppressWarnings("unchecked")
  private static Cap cap(Object given) {
    if (given == null) {
      return null;
    }
    Map<String, Object> cap = (Map<String, Object>) given;
    int count = (Integer) cap.get("count");
    if (count < 1) {
      throw ApiException.badUserInput("input.cap.count", "must be at least 1, got " + count);
    }
    return new Cap(count, (String) cap.get("period"));
  }

  @SuppressWarnings("unchecked")
  private static Streak streak(Object given) {
    if (given == null) {
      return null;
    }
    Map<String, Object> streak = (Map<String, Object>) given;
    int length = (Integer) streak.get("length");
    if (length < MIN_STREAK || length > MAX_STREAK) {
      throw ApiException.badUserInput("input.streak.length",
        "must be from " + MIN_STREAK + " to " + MAX_STREAK + ", got " + length);
    }
    return new Streak(length, (String) streak.get("period"));
  }

  private static String name(Map<String, Object> input) {
    String name = (String) input.get("name");
    requireText("input.name", name, MAX_NAME_LENGTH);
    if (CONTROL.matcher(name).find()) {
      throw ApiException.badUserInput("input.name", "must not contain control characters");
    }
    return name;
  }

  private static String description(Map<String, Object> input) {
    String description = (String) input.get("description");
    requireText("input.description", description, MAX_DESCRIPTION_LENGTH);
    if (CONTROL_EXCEPT_LINE_BREAKS.matcher(description).find()) {
      throw ApiException.badUserInput("input.description", "must not contain control characters other than line breaks and tabs");
    }
    return description;
  }

  private static String iconUrl(Map<String, Object> input) {
    String url = (String) input.get("iconUrl");
    String problem = "must be an absolute http:// or https:// URL of at most " + MAX_URL_LENGTH + " characters";
    if (url == null || url.length() > MAX_URL_LENGTH || !(url.startsWith("http://") || url.startsWith("https://"))) {
      throw ApiException.badUserInput("input.iconUrl", problem);
    }
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        throw ApiException.badUserInput("input.iconUrl", problem);
      }
    } catch (URISyntaxException e) {
      throw ApiException.badUserInput("input.iconUrl", problem);
    }
    return url;
  }

  private static void requireText(String field, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw ApiException.badUserInput(field, "must not be blank");
    }
    if (value.length() > maxLength) {
      throw ApiException.badUserInput(field, "must be at most " + maxLength + " characters, got " + value.length());
    }
  }
}
