package com.gigsy.gamification.core;

import io.vertx.pgclient.PgConnectOptions;

import java.util.regex.Pattern;

/** PostgreSQL URLs as they may be shown: never with their password. */
public final class PgUrls {

  /** The user-info password: {@code scheme://user:PASSWORD@}. */
  private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(://[^:/@?#]*:)[^@/?#]*@");
  /** A password parameter: {@code ?password=PASSWORD} or {@code &password=PASSWORD}. */
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("([?&]password=)[^&#]*", Pattern.CASE_INSENSITIVE);

  private PgUrls() {
  }

  /** {@code url} with its password, wherever it stands, replaced by {@code ***}; well-formed or not. */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    String redacted = USER_INFO_PASSWORD.matcher(url).replaceAll("$1***@");
    redacted = PASSWORD_PARAMETER.matcher(redacted).replaceAll("$1***");
    return LogSafe.escape(redacted);
  }

  /** @throws IllegalArgumentException naming the variable and showing the URL without its password */
  static void requireValid(String variable, String url) {
    try {
      PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(variable + " must be a PostgreSQL URI such as "
        + "postgresql://user:password@host:5432/gamification, got '" + redact(url) + "'");
    }
  }
}
