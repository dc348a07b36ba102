package com.gigsy.gamification.api.auth;

/** Reads the token out of an {@code Authorization: Bearer <JWT>} value (header or WebSocket init payload). */
final class BearerTokens {

  private static final String SCHEME = "bearer ";

  /** Longest token read; a JWT with a few custom claims is well under 8 KiB. */
  static final int MAX_TOKEN_LENGTH = 16 * 1024;

  private BearerTokens() {
  }

  /** The token, or null when the value is missing, not of the Bearer scheme, empty or too long. */
  static String token(String authorization) {
    if (authorization == null || authorization.length() <= SCHEME.length()
      || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    String token = authorization.substring(SCHEME.length()).trim();
    return token.isEmpty() || token.length() > MAX_TOKEN_LENGTH ? null : token;
  }
}
