package com.gigsy.gamification.app;

import java.nio.file.Path;

/** {@code java -jar gamification.jar dev|run|send|--help}: see {@link Cli}. */
public final class Main {

  /** logback.xml reads it: {@code send} keeps the Kafka client's connection retries off the terminal. */
  static final String KAFKA_LOG_LEVEL_PROPERTY = "gamification.kafka.log.level";

  private Main() {
  }

  public static void main(String[] args) {
    if (args.length > 0 && "send".equals(args[0])) {
      System.setProperty(KAFKA_LOG_LEVEL_PROPERTY, "ERROR");
    }
    int status = new Cli(System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err).execute(args);
    if (status != Cli.RUNNING) {
      System.exit(status);
    }
  }
}
