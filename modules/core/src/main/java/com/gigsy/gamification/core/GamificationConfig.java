package com.gigsy.gamification.core;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The resolved configuration: every {@link Setting} with its value, typed accessors, and the JSON form
 * handed to verticles through {@code DeploymentOptions.setConfig}. Values are checked once, when the
 * configuration is built, so a bad one stops start-up with a message naming the variable.
 */
public final class GamificationConfig {

  private static final String DEV_MODE_KEY = "devMode";
  /** Key of the JSON form under which the Kafka pass-through properties travel (property → value). */
  private static final String KAFKA_KEY = "kafkaProperties";
  /** What an instance id may look like: it names the instance in the consumer group and in logs. */
  private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  /** The shortest HS256 secret production mode accepts: as long as the hash (RFC 7518 §3.2). */
  public static final int MIN_SECRET_BYTES = 32;
  /** Hosts a plain-http JWK set may be fetched from: this machine. */
  private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  private final Map<Setting, String> values;
  private final boolean devMode;
  /** {@code GAMIFICATION_KAFKA_<PROPERTY>} variables as Kafka client properties (CONTRACT §11), sorted by name. */
  private final Map<String, String> kafkaProperties;

  private GamificationConfig(Map<Setting, String> values, boolean devMode, Map<String, String> kafkaProperties) {
    this.values = values;
    this.devMode = devMode;
    this.kafkaProperties = Collections.unmodifiableMap(new TreeMap<>(kafkaProperties));
    validate();
  }

  /**
   * Reads the settings from an environment. In dev mode the defaults that differ (demo data, CORS)
   * apply; the embedded endpoints are filled in later with {@link #with}.
   */
  public static GamificationConfig fromEnvironment(Map<String, String> env, boolean devMode) {
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      String value = env.get(setting.variable());
      if (value == null || value.isBlank()) {
        value = defaultFor(setting, devMode);
      }
      if (value != null) {
        values.put(setting, value.trim());
      }
    }
    return new GamificationConfig(values, devMode, KafkaPassThrough.fromEnvironment(env));
  }

  private static String defaultFor(Setting setting, boolean devMode) {
    if (setting == Setting.DEMO_DATA) {
      return Boolean.toString(devMode);
    }
    if (setting == Setting.CORS_ORIGINS) {
      return devMode ? "*" : null;
    }
    if (setting == Setting.API_INSTANCES) {
      return Integer.toString(defaultApiInstances());
    }
    return setting.defaultValue();
  }

  /**
   * Half the available cores, at least 1: the api's event loops leave the other half to the engine's, ingest's and
   * the leaderboard's, and to the JVM's own threads. One event loop serving more connections reads more requests per
   * wake-up and gathers more profile reads per statement: on 2 cores, one api verticle answered the benchmark's 8
   * clients with 28 % less CPU per profile request than two (and a p99 of 3.9-4.1 ms against 4.7-5.3).
   */
  public static int defaultApiInstances() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  public static GamificationConfig fromJson(JsonObject json) {
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      String value = json.getString(setting.variable());
      if (value != null) {
        values.put(setting, value);
      }
    }
    Map<String, String> kafka = new TreeMap<>();
    JsonObject passed = json.getJsonObject(KAFKA_KEY, new JsonObject());
    passed.forEach(entry -> kafka.put(entry.getKey(), String.valueOf(entry.getValue())));
    return new GamificationConfig(values, json.getBoolean(DEV_MODE_KEY, false), kafka);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(DEV_MODE_KEY, devMode);
    values.forEach((setting, value) -> json.put(setting.variable(), value));
    JsonObject kafka = new JsonObject();
    kafkaProperties.forEach(kafka::put);
    return json.put(KAFKA_KEY, kafka);
  }

  /** A copy with one setting replaced. */
  public GamificationConfig with(Setting setting, String value) {
    Map<Setting, String> copy = new EnumMap<>(values);
    if (value == null) {
      copy.remove(setting);
    } else {
      copy.put(setting, value);
    }
    return new GamificationConfig(copy, devMode, kafkaProperties);
  }

  /**
   * A copy with one Kafka client property passed through, as {@code GAMIFICATION_KAFKA_<PROPERTY>} would
   * (e.g. {@code withKafkaProperty("security.protocol", "SASL_SSL")}); {@code null} removes it.
   */
  public GamificationConfig withKafkaProperty(String property, String value) {
    Map<String, String> copy = new TreeMap<>(kafkaProperties);
    if (value == null) {
      copy.remove(property);
    } else {
      copy.put(property, value);
    }
    return new GamificationConfig(values, devMode, copy);
  }

  /**
   * The Kafka client properties of the {@code GAMIFICATION_KAFKA_<PROPERTY>} variables, applied to every client
   * of the service ({@link KafkaClients}); none of them is one the service sets itself ({@link KafkaPassThrough}).
   */
  public Map<String, String> kafkaProperties() {
    return kafkaProperties;
  }

  /**
   * The settings production mode cannot start without, named in the order a reader would fix them;
   * empty when everything is there.
   */
  public List<String> missingForProduction() {
    List<String> missing = new java.util.ArrayList<>();
    if (!isSet(Setting.PG_URL)) {
      missing.add(Setting.PG_URL.variable());
    }
    if (!isSet(Setting.KAFKA_BOOTSTRAP)) {
      missing.add(Setting.KAFKA_BOOTSTRAP.variable());
    }
    if (!isSet(Setting.JWT_SECRET) && !isSet(Setting.JWKS_URL)) {
      missing.add(Setting.JWT_SECRET.variable() + " or " + Setting.JWKS_URL.variable());
    }
    return missing;
  }

  public boolean isSet(Setting setting) {
    return values.containsKey(setting);
  }

  public String get(Setting setting) {
    return values.get(setting);
  }

  public boolean devMode() {
    return devMode;
  }

  public int httpPort() {
    return intValue(Setting.HTTP_PORT);
  }

  public String httpHost() {
    return get(Setting.HTTP_HOST);
  }

  public String pgUrl() {
    return get(Setting.PG_URL);
  }

  public String kafkaBootstrap() {
    return get(Setting.KAFKA_BOOTSTRAP);
  }

  public String eventsTopic() {
    return get(Setting.EVENTS_TOPIC);
  }

  public String dlqTopic() {
    return get(Setting.DLQ_TOPIC);
  }

  public String rewardsTopic() {
    return get(Setting.REWARDS_TOPIC);
  }

  public String consumerGroup() {
    return get(Setting.CONSUMER_GROUP);
  }

  public Duration leaderboardInterval() {
    return Duration.parse(get(Setting.LEADERBOARD_INTERVAL));
  }

  public int leaderboardSize() {
    return intValue(Setting.LEADERBOARD_SIZE);
  }

  public int topicPartitions() {
    return intValue(Setting.TOPIC_PARTITIONS);
  }

  public String jwtSecret() {
    return get(Setting.JWT_SECRET);
  }

  public String jwksUrl() {
    return get(Setting.JWKS_URL);
  }

  public String jwtIssuer() {
    return get(Setting.JWT_ISSUER);
  }

  public boolean demoData() {
    return Boolean.parseBoolean(get(Setting.DEMO_DATA));
  }

  /** Allowed browser origins; empty when none, {@code ["*"]} for any. */
  public List<String> corsOrigins() {
    String value = get(Setting.CORS_ORIGINS);
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** The roles to deploy, in their start-up order (whatever order the setting names them in). */
  public Set<Role> roles() {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    Arrays.stream(get(Setting.ROLES).split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Role::of)
      .forEach(roles::add);
    return roles;
  }

  public int pgPoolSize() {
    return intValue(Setting.PG_POOL_SIZE);
  }

  public int engineBatchSize() {
    return intValue(Setting.ENGINE_BATCH_SIZE);
  }

  public int ingestLanes() {
    return intValue(Setting.INGEST_LANES);
  }

  public int apiInstances() {
    return intValue(Setting.API_INSTANCES);
  }

  public Duration consumerMaxPollInterval() {
    return Duration.parse(get(Setting.CONSUMER_MAX_POLL_INTERVAL));
  }

  /** When set, tokens must name it in {@code aud} or {@code azp}. */
  public String jwtAudience() {
    return get(Setting.JWT_AUDIENCE);
  }

  /** Clock skew allowed on a token's {@code exp}, {@code nbf} and {@code iat}. */
  public Duration jwtLeeway() {
    return Duration.parse(get(Setting.JWT_LEEWAY));
  }

  /** The most any statement may run (the migrations excepted). */
  public Duration pgStatementTimeout() {
    return Duration.parse(get(Setting.PG_STATEMENT_TIMEOUT));
  }

  /** This instance's static member id in the consumer group; {@code null}: dynamic membership. */
  public String instanceId() {
    return get(Setting.INSTANCE_ID);
  }

  /** Requests per second one caller may make to the API of this process; 0 for no limit. */
  public int apiRateLimit() {
    return intValue(Setting.API_RATE_LIMIT);
  }

  /** The port of /metrics and /health/* when they are served apart from the API, else {@code null}. */
  public Integer managementPort() {
    return isSet(Setting.MANAGEMENT_PORT) ? intValue(Setting.MANAGEMENT_PORT) : null;
  }

  /** How long processed event ids are kept for duplicate detection and backfill. */
  public Duration inboxRetention() {
    return Duration.parse(get(Setting.INBOX_RETENTION));
  }

  /**
   * The base of every public (Open Badges) URL, without a trailing slash: the setting, else this process's own
   * address ({@code http://<host>:<port>}).
   */
  public String publicUrl() {
    String value = isSet(Setting.PUBLIC_URL) ? get(Setting.PUBLIC_URL) : "http://" + httpHost() + ":" + httpPort();
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }

  public String issuerName() {
    return get(Setting.ISSUER_NAME);
  }

  /** The PEM private key file signing credentials, or {@code null} when none is configured. */
  public String issuerKey() {
    return get(Setting.ISSUER_KEY);
  }

  private int intValue(Setting setting) {
    return Integer.parseInt(get(setting));
  }

  private void validate() {
    requireInt(Setting.HTTP_PORT, 0, 65535);
    requireInt(Setting.LEADERBOARD_SIZE, 1, 1_000_000);
    requireInt(Setting.TOPIC_PARTITIONS, 1, 10_000);
    requireInt(Setting.PG_POOL_SIZE, 1, 1_000);
    requireInt(Setting.ENGINE_BATCH_SIZE, 1, 10_000);
    requireInt(Setting.INGEST_LANES, 1, 64);
    requireInt(Setting.API_INSTANCES, 1, 64);
    try {
      Duration interval = leaderboardInterval();
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException(Setting.LEADERBOARD_INTERVAL.variable() + " must be a positive duration");
      }
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(Setting.LEADERBOARD_INTERVAL.variable()
        + " must be an ISO-8601 duration such as PT1H, got '" + get(Setting.LEADERBOARD_INTERVAL) + "'");
    }
    requirePositiveDuration(Setting.CONSUMER_MAX_POLL_INTERVAL);
    requirePositiveDuration(Setting.PG_STATEMENT_TIMEOUT);
    requireLeeway();
    requireRetention();
    if (isSet(Setting.PUBLIC_URL)) {
      requirePublicUrl();
    }
    requireInt(Setting.API_RATE_LIMIT, 0, 100_000_000);
    if (isSet(Setting.MANAGEMENT_PORT)) {
      requireInt(Setting.MANAGEMENT_PORT, 0, 65535);
    }
    if (isSet(Setting.INSTANCE_ID) && !INSTANCE_ID.matcher(get(Setting.INSTANCE_ID)).matches()) {
      throw new IllegalArgumentException(Setting.INSTANCE_ID.variable()
        + " must be 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit, got '"
        + LogSafe.escape(get(Setting.INSTANCE_ID)) + "'");
    }
    if (isSet(Setting.PG_URL)) {
      PgUrls.requireValid(Setting.PG_URL.variable(), pgUrl());
    }
    KafkaPassThrough.requireAllowed(kafkaProperties);
    if (!devMode) {
      requireProductionKeys();
    }
    roles(); // names only known roles
    String demo = get(Setting.DEMO_DATA);
    if (!"true".equalsIgnoreCase(demo) && !"false".equalsIgnoreCase(demo)) {
      throw new IllegalArgumentException(Setting.DEMO_DATA.variable() + " must be true or false, got '" + demo + "'");
    }
  }

  /**
   * Production mode verifies tokens only with keys nobody else can have or swap: a JWK set fetched over https (or
   * from this machine), or an HS256 secret of at least {@value #MIN_SECRET_BYTES} bytes (RFC 7518 §3.2).
   */
  private void requireProductionKeys() {
    if (isSet(Setting.JWKS_URL)) {
      URI uri;
      try {
        uri = new URI(jwksUrl());
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(Setting.JWKS_URL.variable() + " must be an https URL, got '"
          + LogSafe.escape(jwksUrl()) + "'");
      }
      boolean loopback = uri.getHost() != null && LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(java.util.Locale.ROOT));
      if (!"https".equalsIgnoreCase(uri.getScheme()) && !("http".equalsIgnoreCase(uri.getScheme()) && loopback)) {
        throw new IllegalArgumentException(Setting.JWKS_URL.variable() + " must be an https URL in production mode"
          + " (keys fetched over plain http can be swapped on the way), got '" + LogSafe.escape(jwksUrl()) + "'");
      }
    } else if (isSet(Setting.JWT_SECRET)
      && jwtSecret().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(Setting.JWT_SECRET.variable() + " must be at least " + MIN_SECRET_BYTES
        + " bytes in production mode (e.g. openssl rand -base64 32)");
    }
  }

  private void requireLeeway() {
    String raw = get(Setting.JWT_LEEWAY);
    try {
      Duration value = Duration.parse(raw);
      if (value.isNegative() || value.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new DateTimeParseException("out of range", raw, 0);
      }
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(Setting.JWT_LEEWAY.variable()
        + " must be an ISO-8601 duration from PT0S to PT10M such as PT30S, got '" + raw + "'");
    }
  }

  private void requireRetention() {
    String raw = get(Setting.INBOX_RETENTION);
    try {
      Duration value = Duration.parse(raw);
      if (value.compareTo(Duration.ofDays(1)) < 0 || value.compareTo(Duration.ofDays(3650)) > 0) {
        throw new DateTimeParseException("out of range", raw, 0);
      }
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(Setting.INBOX_RETENTION.variable()
        + " must be an ISO-8601 duration from P1D to P3650D such as P90D, got '" + LogSafe.escape(raw) + "'");
    }
  }

  private void requirePublicUrl() {
    String raw = get(Setting.PUBLIC_URL);
    try {
      URI uri = new URI(raw);
      String scheme = uri.getScheme();
      if (uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null
        || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
        throw new URISyntaxException(raw, "not an absolute http(s) URL without query or fragment");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(Setting.PUBLIC_URL.variable()
        + " must be an absolute http(s) URL such as https://gamification.gigsy.example, got '" + LogSafe.escape(raw)
        + "'");
    }
  }

  private void requirePositiveDuration(Setting setting) {
    String raw = get(setting);
    try {
      Duration value = Duration.parse(raw);
      if (value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
        throw new DateTimeParseException("out of range", raw, 0);
      }
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(setting.variable() + " must be a positive ISO-8601 duration such as PT5M, got '"
        + raw + "'");
    }
  }

  private void requireInt(Setting setting, int min, int max) {
    String raw = get(setting);
    try {
      int value = Integer.parseInt(raw);
      if (value < min || value > max) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
        setting.variable() + " must be an integer from " + min + " to " + max + ", got '" + raw + "'");
    }
  }
}
