package com.gigsy.gamification.app;

import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.embedded.EmbeddedKafka;
import com.gigsy.gamification.embedded.LeftoverProcess;
import com.gigsy.gamification.embedded.Ports;
import com.gigsy.gamification.runtime.MigrationScript;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dev} as a user runs it, in a child JVM: the banner, state under .gamification that survives a
 * restart (the Open Badges issuer key among it, so the JWK set names the same key), a killed run's servers cleaned up by the next start, and a SIGTERM that stops everything.
 * The broker gets a free port instead of 9092, so the test can run beside a developer's dev mode.
 */
class DevModeTest {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final String BANNER_END = "Stop with Ctrl-C";
  private static final Pattern PG_URL = Pattern.compile("Postgres: +(postgresql://\\S+)");
  private static final Pattern GRAPHQL_URL = Pattern.compile("GraphQL: +(http://\\S+)/graphql");

  @TempDir
  Path workingDirectory;

  private final List<Process> started = new ArrayList<>();
  private final int kafkaPort = Ports.free();

  @AfterEach
  void stopChildren() {
    started.forEach(process -> {
      process.destroyForcibly();
      LeftoverProcess.awaitExit(process.toHandle(), Duration.ofSeconds(30));
    });
  }

  @Test
  @DisplayName("Dev mode starts embedded, keeps its state across a kill and a restart, and stops everything on SIGTERM")
  void lifecycle() throws Exception {
    Path state = workingDirectory.resolve(DevEnvironment.STATE_DIR);
    Path out1 = workingDirectory.resolve("run1.out");
    Process first = startDev(out1);
    String banner1 = awaitBanner(first, out1);
    assertThat(banner1).contains("/graphql", "/graphiql", "/admin#token=", "Admin token", "User token",
      "./gamification send course.completed demo-user course-42", "gamificationProfile(userId:");
    String secret = Files.readString(state.resolve("jwt-secret")).trim();
    assertThat(banner1).contains(DevTokens.user(secret, DevTokens.DEMO_USER, Instant.EPOCH).split("\\.")[0]);
    Path issuerKey = state.resolve(DevEnvironment.ISSUER_KEY_FILE);
    String key = Files.readString(issuerKey);
    assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(issuerKey))).isEqualTo("rw-------");
    String kid = issuerKid(banner1);
    String pgPassword = Files.readString(state.resolve("postgres/password")).trim();
    assertThat(banner1).as("the banner shows no database password").doesNotContain(pgPassword)
      .contains("postgres:***@", "password in " + state.resolve("postgres/password"));

    // SIGKILL: the JVM cannot stop its servers; they keep running on the state directory
    long postgresPid = pid(state.resolve("postgres/data/postmaster.pid"));
    long brokerPid = pid(state.resolve("kafka/broker.pid"));
    first.destroyForcibly();
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(alive(postgresPid)).as("postgres left running by the killed run").isTrue();
    assertThat(alive(brokerPid)).as("broker left running by the killed run").isTrue();

    Path out2 = workingDirectory.resolve("run2.out");
    Process second = startDev(out2);
    String banner2 = awaitBanner(second, out2);
    assertThat(alive(postgresPid)).as("the next start stopped the leftover postgres").isFalse();
    assertThat(alive(brokerPid)).as("the next start stopped the leftover broker").isFalse();
    assertThat(Files.readString(state.resolve("jwt-secret")).trim()).as("the JWT secret is kept").isEqualTo(secret);
    assertThat(Files.readString(issuerKey)).as("the issuer key is kept").isEqualTo(key);
    assertThat(issuerKid(banner2)).as("credentials are signed with the same key id").isEqualTo(kid);
    assertThat(pgUrl(banner2)).as("the database keeps its port").isEqualTo(pgUrl(banner1));
    long migrations = MigrationScript.loadAll().size();
    assertThat(countRows(pgUrl(banner2))).as("schema applied once, demo data loaded once").containsExactly(migrations, 3L, 8L);
    assertThat(durability(pgUrl(banner2))).as("dev mode's PostgreSQL commits durably").isEqualTo("fsync=on synchronous_commit=on");

    long postgresPid2 = pid(state.resolve("postgres/data/postmaster.pid"));
    long brokerPid2 = pid(state.resolve("kafka/broker.pid"));
    second.destroy();
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
    assertThat(second.exitValue()).isZero();
    assertThat(alive(postgresPid2)).as("postgres stopped").isFalse();
    assertThat(alive(brokerPid2)).as("broker stopped").isFalse();
    assertThat(Files.readString(out2)).contains("Stopped").doesNotContain("Exception");
  }

  private Process startDev(Path output) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(
      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-D" + EmbeddedKafka.LIB_PROPERTY + "=" + System.getProperty(EmbeddedKafka.LIB_PROPERTY),
      "-D" + DevEnvironment.KAFKA_PORT_PROPERTY + "=" + kafkaPort,
      "-cp", System.getProperty("java.class.path"), Main.class.getName(), "dev")
      .directory(workingDirectory.toFile())
      .redirectErrorStream(true)
      .redirectOutput(output.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("GAMIFICATION_"));
    builder.environment().put(Setting.HTTP_PORT.variable(), "0");
    // the lifecycle of dev mode is under test here; the roles have tests of their own
    builder.environment().put(Setting.ROLES.variable(), "leaderboard,api");
    Process process = builder.start();
    started.add(process);
    return process;
  }

  private static String awaitBanner(Process process, Path output) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (text.contains(BANNER_END)) {
        return text;
      }
      if (process.waitFor(200, TimeUnit.MILLISECONDS)) {
        throw new AssertionError("dev mode exited with " + process.exitValue() + " before its banner:\n" + text);
      }
    }
    throw new AssertionError("no banner within " + START_TIMEOUT + ":\n" + Files.readString(output));
  }

  /** The banner's database URL, with the password it leaves out taken from the state directory. */
  private String pgUrl(String banner) throws IOException {
    Matcher matcher = PG_URL.matcher(banner);
    assertThat(matcher.find()).as("the banner names the database").isTrue();
    String password = Files.readString(workingDirectory.resolve(DevEnvironment.STATE_DIR).resolve("postgres/password")).trim();
    return matcher.group(1).replace("***", password);
  }

  private static List<Long> countRows(String url) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
      Row row = await(pool.query("""
        SELECT (SELECT count(*) FROM schema_migrations) AS migrations, (SELECT count(*) FROM badges) AS badges,
               (SELECT count(*) FROM gamification_rules WHERE built_in IS NULL) AS rules""").execute()).iterator().next();
      return List.of(row.getLong("migrations"), row.getLong("badges"), row.getLong("rules"));
    } finally {
      await(vertx.close());
    }
  }

  private static String durability(String url) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
      Row row = await(pool.query("SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync")
        .execute()).iterator().next();
      return "fsync=" + row.getString("fsync") + " synchronous_commit=" + row.getString("sync");
    } finally {
      await(vertx.close());
    }
  }

  /** The key id of the issuer's JWK set, from the API the banner names. */
  private static String issuerKid(String banner) throws IOException, InterruptedException {
    Matcher matcher = GRAPHQL_URL.matcher(banner);
    assertThat(matcher.find()).as("the banner names the API").isTrue();
    HttpResponse<String> jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
      URI.create(matcher.group(1) + "/.well-known/jwks.json")).timeout(Duration.ofSeconds(10)).build(),
      HttpResponse.BodyHandlers.ofString());
    assertThat(jwks.statusCode()).isEqualTo(200);
    JsonArray keys = new JsonObject(jwks.body()).getJsonArray("keys");
    assertThat(keys).hasSize(1);
    return keys.getJsonObject(0).getString("kid");
  }

  private static long pid(Path pidFile) throws IOException {
    return LeftoverProcess.pidFrom(pidFile).orElseThrow(() -> new AssertionError("no pid in " + pidFile));
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
