package com.gigsy.gamification.api.graphql;

/**
 * A failure whose message is meant for the client, with its contract code. Fetchers fail with it;
 * {@link FetchErrorHandler} turns it into a GraphQL error as is. Carries no stack trace: it is an
 * expected outcome, not a bug.
 */
public final class ApiException extends RuntimeException {

  private final ErrorCode code;

  public ApiException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  /** A bad argument; the message names it. */
  public static ApiException badUserInput(String argument, String problem) {
    return new ApiException(ErrorCode.BAD_USER_INPUT, "Argument '" + argument + "' " + problem);
  }

  static ApiException notFound(String what) {
    return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
  }

  ErrorCode code() {
    return code;
  }
}
