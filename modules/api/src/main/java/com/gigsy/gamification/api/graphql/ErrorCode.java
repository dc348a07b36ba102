package com.gigsy.gamification.api.graphql;

/** The values of {@code extensions.code} a client can see (CONTRACT §5); no other value is ever sent. */
public enum ErrorCode {
  UNAUTHENTICATED,
  FORBIDDEN,
  BAD_USER_INPUT,
  NOT_FOUND,
  GRAPHQL_PARSE_FAILED,
  GRAPHQL_VALIDATION_FAILED,
  BAD_REQUEST,
  /** Over the caller's request rate (HTTP 429); an addition to CONTRACT §5's list. */
  RATE_LIMITED,
  INTERNAL;

  /** The key of the code in an error's {@code extensions}. */
  public static final String EXTENSION_KEY = "code";
}
