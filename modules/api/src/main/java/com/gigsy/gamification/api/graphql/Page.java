package com.gigsy.gamification.api.graphql;

import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A page of a cursor-paginated list (its GraphQL {@code PageInfo}); and the cursors of such lists: a position in the
 * list (an id that only grows), opaque to clients (base64url of {@code <kind>:<position>}), so that "entries before
 * this position" is a stable next page.
 */
public interface Page {

  boolean hasNextPage();

  /** The cursor of the last entry; null for an empty page. */
  String endCursor();

  /** Wires {@code PageInfo} for every connection whose page implements this interface. */
  static void wirePageInfo(RuntimeWiring.Builder wiring) {
    wiring.type(TypeRuntimeWiring.newTypeWiring("PageInfo")
      .dataFetcher("hasNextPage", Property.of(Page.class, Page::hasNextPage))
      .dataFetcher("endCursor", Property.of(Page.class, Page::endCursor)));
  }

  /** The cursor of the entry at {@code position} of a list of {@code kind}. */
  static String cursor(String kind, long position) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((kind + ":" + position).getBytes(StandardCharsets.UTF_8));
  }

  /** The position a cursor of {@code kind} names; BAD_USER_INPUT naming {@code argument} when it is not one. */
  static long position(String kind, String cursor, String argument) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.startsWith(kind + ":")) {
        long position = Long.parseLong(text.substring(kind.length() + 1));
        if (position > 0) {
          return position;
        }
      }
    } catch (IllegalArgumentException e) {
      // not base64url, or not a number: refused below
    }
    throw ApiException.badUserInput(argument, "is not a cursor of this list: pass a cursor or endCursor it returned");
  }
}
