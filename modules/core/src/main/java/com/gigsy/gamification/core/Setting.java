package com.gigsy.gamification.core;

/**
 * Every environment variable the service reads (CONTRACT §1), with its default and meaning. The one
 * place names and defaults live; {@link GamificationConfig} resolves them and {@code --help} lists them.
 */
public enum Setting {
  HTTP_PORT("GAMIFICATION_HTTP_PORT", "8080", "HTTP port of the API"),
  HTTP_HOST("GAMIFICATION_HTTP_HOST", "127.0.0.1", "address the API binds to"),
  PG_URL("GAMIFICATION_PG_URL", null,
    "PostgreSQL URI (postgresql://user:pw@host:5432/db); dev mode starts an embedded one when unset"),
  KAFKA_BOOTSTRAP("GAMIFICATION_KAFKA_BOOTSTRAP", null,
    "Kafka bootstrap servers; dev mode starts an embedded broker on 127.0.0.1:9092 when unset"),
  EVENTS_TOPIC("GAMIFICATION_EVENTS_TOPIC", "gigsy.events", "topic consumed by ingest"),
  DLQ_TOPIC("GAMIFICATION_DLQ_TOPIC", "gigsy.events.dlq", "where records that cannot be processed go"),
  REWARDS_TOPIC("GAMIFICATION_REWARDS_TOPIC", "gamification.rewards", "where every granted reward is published"),
  CONSUMER_GROUP("GAMIFICATION_CONSUMER_GROUP", "gamification-engine", "Kafka consumer group"),
  LEADERBOARD_INTERVAL("GAMIFICATION_LEADERBOARD_INTERVAL", "PT1H", "ISO-8601 duration between leaderboard recomputes"),
  LEADERBOARD_SIZE("GAMIFICATION_LEADERBOARD_SIZE", "1000", "most entries one leaderboard query may return"),
  TOPIC_PARTITIONS("GAMIFICATION_TOPIC_PARTITIONS", "6", "partitions used when the service creates a missing topic"),
  JWT_SECRET("GAMIFICATION_JWT_SECRET", null, "HS256 secret for bearer tokens"),
  JWKS_URL("GAMIFICATION_JWKS_URL", null, "JWKS URL for RS256 tokens; takes precedence over the secret"),
  JWT_ISSUER("GAMIFICATION_JWT_ISSUER", null, "when set, tokens must carry this iss"),
  JWT_AUDIENCE("GAMIFICATION_JWT_AUDIENCE", null,
    "when set, tokens must carry this aud (a string, or an array containing it) or azp"),
  JWT_LEEWAY("GAMIFICATION_JWT_LEEWAY", "PT30S", "ISO-8601 duration: clock skew allowed on a token's exp, nbf and iat"),
  DEMO_DATA("GAMIFICATION_DEMO_DATA", null, "load the demo badges, titles and rules on start (default: true in dev mode)"),
  CORS_ORIGINS("GAMIFICATION_CORS_ORIGINS", null, "comma-separated origins allowed to call /graphql (default: * in dev mode)"),
  ROLES("GAMIFICATION_ROLES", "engine,leaderboard,api,ingest",
    "the verticles this process runs, comma-separated (engine, leaderboard, api, ingest)"),
  PG_POOL_SIZE("GAMIFICATION_PG_POOL_SIZE", "8", "PostgreSQL connections per pool (engine, api, relay, leaderboard each own one)"),
  ENGINE_BATCH_SIZE("GAMIFICATION_ENGINE_BATCH_SIZE", "1000", "most events ingest hands the engine in one batch (one transaction)"),
  INGEST_LANES("GAMIFICATION_INGEST_LANES", "3",
    "batches applied at once; each lane owns some of the assigned partitions, so lanes never share a user"),
  CONSUMER_MAX_POLL_INTERVAL("GAMIFICATION_CONSUMER_MAX_POLL_INTERVAL", "PT5M",
    "ISO-8601 duration: the Kafka consumer's max.poll.interval.ms (ingest polls even while PostgreSQL is down)"),
  API_INSTANCES("GAMIFICATION_API_INSTANCES", null,
    "api verticles, each on an event loop of its own, sharing the HTTP port and the api's PostgreSQL connections"
      + " (default: half the available cores, at least 1)"),
  PG_STATEMENT_TIMEOUT("GAMIFICATION_PG_STATEMENT_TIMEOUT", "PT30S",
    "ISO-8601 duration: the most any statement may run (migrations excepted); a PostgreSQL that stops answering is"
      + " noticed within it"),
  INSTANCE_ID("GAMIFICATION_INSTANCE_ID", null,
    "this instance's name in the consumer group (static membership: a restarted instance resumes its partitions at"
      + " once); stable across restarts, unique per instance; dev mode keeps a generated one, unset elsewhere means"
      + " dynamic membership"),
  API_RATE_LIMIT("GAMIFICATION_API_RATE_LIMIT", "20000",
    "GraphQL requests per second one caller (token sub) may make to one process, bursts of as many allowed; 0: no limit"),
  MANAGEMENT_PORT("GAMIFICATION_MANAGEMENT_PORT", null,
    "when set, /metrics and /health/* are served on this port (same host) and no longer on the API port"),
  INBOX_RETENTION("GAMIFICATION_INBOX_RETENTION", "P90D",
    "ISO-8601 duration (P1D to P3650D): how long processed event ids (and their attributes) are kept for duplicate"
      + " detection and backfill; a redelivery older than that counts again"),
  PUBLIC_URL("GAMIFICATION_PUBLIC_URL", null,
    "the base of every Open Badges id and URL, as the outside world reaches this service (dev default"
      + " http://127.0.0.1:<port>; production issues no credentials without it)"),
  ISSUER_NAME("GAMIFICATION_ISSUER_NAME", "Gigsy", "the issuer's name in Open Badges credentials"),
  ISSUER_KEY("GAMIFICATION_ISSUER_KEY", null,
    "a PEM private key file signing Open Badges credentials; dev mode generates one under .gamification/, production"
      + " without it serves no credentials");

  private final String variable;
  private final String defaultValue;
  private final String description;

  Setting(String variable, String defaultValue, String description) {
    this.variable = variable;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String variable() {
    return variable;
  }

  /** The default outside dev mode, or {@code null} when there is none. */
  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }
}
