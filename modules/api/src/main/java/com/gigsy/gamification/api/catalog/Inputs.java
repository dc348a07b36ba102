package com.gigsy.gamification.api.catalog;

import com.gigsy.gamification.api.graphql.ApiException;
import com.gigsy.gamification.api.graphql.Arguments;
import com.gigsy.gamification.api.graphql.Ids;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and checks the input objects of mutations ({@code BadgeInput}, {@code TitleInput},
 * {@code RuleInput}) beyond their GraphQL types. A bad value is {@code BAD_USER_INPUT} with a message
 * naming the field ({@code input.pointsAwarded}). Strings are kept exactly as given — never trimmed or
 * escaped — so what is stored is what was sent.
 */
final class Inputs {

  static final int MAX_NAME_LENGTH = 100;
  static final int MAX_DESCRIPTION_LENGTH = 1000;
  static final int MAX_URL_LENGTH = 2048;
  static final int MIN_POINTS = 1;
  static final int MAX_POINTS = 1_000_000;

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

  /** A checked {@code RuleInput}; badge and title ids are still to be found (they may not exist). */
  record RuleInput(String eventName, String description, Integer pointsAwarded, Long badgeId, Long titleId, boolean active) {
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
    if (points == null && badgeId == null && titleId == null) {
      throw ApiException.badUserInput("input", "must award something: give pointsAwarded, badgeId or titleId");
    }
    Object active = input.get("active");
    if (!(active instanceof Boolean)) {
      throw ApiException.badUserInput("input.active", "must be true or false");
    }
    return new RuleInput(eventName, description(input), points, badgeId, titleId, (Boolean) active);
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
