package com.gigsy.gamification.api.history;

import com.gigsy.gamification.api.graphql.ApiException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Cursors of {@code pointsHistory}: the id of a points-log entry, opaque to clients (base64url of
 * {@code points:<id>}). Ids only grow, so "entries with a smaller id" is a stable next page.
 */
final class HistoryCursor {

  private static final String PREFIX = "points:";

  private HistoryCursor() {
  }

  static String of(long id) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + id).getBytes(StandardCharsets.UTF_8));
  }

  /** The entry id a cursor names; BAD_USER_INPUT naming {@code argument} when it is not one of ours. */
  static long parse(String cursor, String argument) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.startsWith(PREFIX)) {
        long id = Long.parseLong(text.substring(PREFIX.length()));
        if (id > 0) {
          return id;
        }
      }
    } catch (IllegalArgumentException e) {
      // not base64url, or not a number: refused below
    }
    throw ApiException.badUserInput(argument, "is not a cursor of this list: pass a cursor or endCursor it returned");
  }
}
