package com.gigsy.gamification.app;

import com.gigsy.gamification.core.Setting;

/** The text of {@code --help}: the commands, and every {@link Setting} with its default and meaning. */
final class HelpText {

  private HelpText() {
  }

  static String render() {
    StringBuilder text = new StringBuilder()
      .append("Gigsy gamification service\n\n")
      .append("Usage: ./gamification COMMAND\n\n")
      .append("Commands:\n");
    command(text, "dev", "dev mode: embedded PostgreSQL and Kafka (state in ./" + DevEnvironment.STATE_DIR
      + "), demo data, and ready-made tokens printed when no JWT secret or JWKS URL is set");
    command(text, "run", "production mode: nothing embedded; needs " + Setting.PG_URL.variable() + ", "
      + Setting.KAFKA_BOOTSTRAP.variable() + " and " + Setting.JWT_SECRET.variable() + " or "
      + Setting.JWKS_URL.variable());
    command(text, SendCommand.USAGE, "send one event to "
      + Setting.EVENTS_TOPIC.variable() + " on " + Setting.KAFKA_BOOTSTRAP.variable() + " (default "
      + SendCommand.DEFAULT_BOOTSTRAP + ") and print it; each --attr adds an attribute, sent as a number when VALUE "
      + "is a JSON number, as a boolean when it is true or false, else as a string");
    command(text, "--help", "this text");
    text.append("\nEnvironment:\n");
    for (Setting setting : Setting.values()) {
      text.append("  ").append(setting.variable())
        .append(setting.defaultValue() == null ? "" : " (default: " + setting.defaultValue() + ")")
        .append("\n      ").append(setting.description()).append('\n');
    }
    text.append("  GAMIFICATION_KAFKA_<PROPERTY>\n      any other Kafka client property, dots as underscores (e.g. "
      + "GAMIFICATION_KAFKA_SECURITY_PROTOCOL=SASL_SSL), applied to every Kafka client; the ones the service sets itself "
      + "are refused\n");
    return text.toString();
  }

  private static void command(StringBuilder text, String usage, String description) {
    text.append("  ").append(usage).append("\n      ").append(description).append('\n');
  }
}
