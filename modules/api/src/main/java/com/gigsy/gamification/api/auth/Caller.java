package com.gigsy.gamification.api.auth;

import com.gigsy.gamification.api.graphql.Arguments;
import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * Who is calling: the token's {@code sub} (the user id of events) and whether the token makes them an
 * admin — claim {@code role} equal to {@code admin}, or claim {@code roles} (an array) containing it
 * (CONTRACT §5). Put in the GraphQL context of every operation under {@code Caller.class}. {@code validUntil} is when
 * the token stops being accepted: its {@code exp} plus the configured leeway (a WebSocket ends then).
 */
public record Caller(String userId, boolean admin, Instant validUntil) {

  static final String ADMIN_ROLE = "admin";

  /** A caller whose token does not expire (tests of what does not depend on it). */
  public Caller(String userId, boolean admin) {
    this(userId, admin, Instant.MAX);
  }

  /** Whether the token has expired at {@code now}. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(validUntil);
  }

  /**
   * The caller a verified token's claims describe.
   *
   * @throws IllegalArgumentException when {@code sub} is missing, blank or longer than a user id may be
   */
  static Caller fromClaims(JsonObject claims, Instant validUntil) {
    Object sub = claims.getValue("sub");
    if (!(sub instanceof String userId) || userId.isBlank() || userId.length() > Arguments.MAX_USER_ID_LENGTH) {
      throw new IllegalArgumentException(
        "the token's sub must be a user id of 1 to " + Arguments.MAX_USER_ID_LENGTH + " characters");
    }
    return new Caller(userId, isAdmin(claims), validUntil);
  }

  private static boolean isAdmin(JsonObject claims) {
    if (ADMIN_ROLE.equals(claims.getValue("role"))) {
      return true;
    }
    return claims.getValue("roles") instanceof JsonArray roles && roles.contains(ADMIN_ROLE);
  }

  /** The caller of the operation being executed; every operation has one (the transports refuse anonymous calls). */
  public static Caller of(DataFetchingEnvironment env) {
    return of(env.getGraphQlContext());
  }

  static Caller of(GraphQLContext context) {
    Caller caller = context.get(Caller.class);
    if (caller == null) {
      throw new IllegalStateException("no caller in the GraphQL context: the transport did not authenticate");
    }
    return caller;
  }
}
