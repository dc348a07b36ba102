package com.gigsy.gamification.api.auth;

import com.gigsy.gamification.api.graphql.ApiException;
import com.gigsy.gamification.api.graphql.ErrorCode;
import graphql.schema.DataFetchingEnvironment;

/**
 * Authorization of fields (CONTRACT §5, §6): every signed-in caller reads profiles, the catalog,
 * rules and the leaderboard; admin data changes need an admin; a user's own history and rewards
 * stream are theirs and an admin's. A refusal is {@code FORBIDDEN}.
 */
public final class Access {

  private Access() {
  }

  /** The caller, who must be an admin. */
  public static Caller requireAdmin(DataFetchingEnvironment env) {
    Caller caller = Caller.of(env);
    if (!caller.admin()) {
      throw new ApiException(ErrorCode.FORBIDDEN, "Only an admin may call " + env.getField().getName());
    }
    return caller;
  }

  /** Whether the caller is the user {@code userId} or an admin: for fields that are null to anyone else. */
  public static boolean isSelfOrAdmin(DataFetchingEnvironment env, String userId) {
    Caller caller = Caller.of(env);
    return caller.admin() || caller.userId().equals(userId);
  }

  /** The caller, who must be the user {@code userId} or an admin. */
  public static Caller requireSelfOrAdmin(DataFetchingEnvironment env, String userId) {
    Caller caller = Caller.of(env);
    if (!caller.admin() && !caller.userId().equals(userId)) {
      throw new ApiException(ErrorCode.FORBIDDEN,
        env.getField().getName() + " of another user is for admins only: ask for your own user id");
    }
    return caller;
  }
}
