package com.gigsy.gamification.app;

import com.gigsy.gamification.api.credentials.IssuerKeyFile;
import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.embedded.EmbeddedKafka;
import com.gigsy.gamification.embedded.EmbeddedPostgres;
import com.gigsy.gamification.embedded.StateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What dev mode adds around the service: an embedded PostgreSQL and Kafka broker for the endpoints the
 * environment leaves unset (started side by side), a JWT secret kept across restarts when neither a
 * secret nor a JWKS URL is given, an instance id kept across restarts (static membership in the consumer
 * group) unless one is given, and the Open Badges issuer key ({@value #ISSUER_KEY_FILE}, made once and kept, so
 * credentials issued before a restart still verify) unless {@code GAMIFICATION_ISSUER_KEY} names one. State lives under
 * {@value #STATE_DIR} in the working directory.
 */
final class DevEnvironment implements AutoCloseable {

  static final String STATE_DIR = ".gamification";
  /** Dev mode's issuer key (a PKCS#8 PEM RSA key), under {@link #STATE_DIR}. */
  static final String ISSUER_KEY_FILE = "issuer-key.pem";
  /** The broker's client port; CONTRACT §1 fixes 9092, tests running dev mode side by side override it. */
  static final String KAFKA_PORT_PROPERTY = "gamification.dev.kafka-port";
  static final int KAFKA_PORT = 9092;

  private static final Logger LOG = LoggerFactory.getLogger(DevEnvironment.class);

  private final GamificationConfig config;
  private final EmbeddedPostgres postgres;
  private final EmbeddedKafka kafka;
  private final String generatedSecret;

  private DevEnvironment(GamificationConfig config, EmbeddedPostgres postgres, EmbeddedKafka kafka,
                         String generatedSecret) {
    this.config = config;
    this.postgres = postgres;
    this.kafka = kafka;
    this.generatedSecret = generatedSecret;
  }

  /** Starts what {@code config} leaves unset; blocking. On failure nothing is left running. */
  static DevEnvironment start(GamificationConfig config, Path workingDirectory) throws IOException {
    Path state = workingDirectory.resolve(STATE_DIR).toAbsolutePath().normalize();
    ExecutorService starter = Executors.newFixedThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "dev-environment-start");
      thread.setDaemon(true);
      return thread;
    });
    try {
      CompletableFuture<EmbeddedPostgres> postgres = config.isSet(Setting.PG_URL)
        ? CompletableFuture.completedFuture(null)
        : CompletableFuture.supplyAsync(() -> startPostgres(state.resolve("postgres")), starter);
      CompletableFuture<EmbeddedKafka> kafka = config.isSet(Setting.KAFKA_BOOTSTRAP)
        ? CompletableFuture.completedFuture(null)
        : CompletableFuture.supplyAsync(() -> startKafka(state.resolve("kafka")), starter);
      EmbeddedPostgres pg = join(postgres, kafka);
      EmbeddedKafka broker = join(kafka, postgres);
      try {
        GamificationConfig filled = config;
        if (pg != null) {
          filled = filled.with(Setting.PG_URL, pg.url());
        }
        if (broker != null) {
          filled = filled.with(Setting.KAFKA_BOOTSTRAP, broker.bootstrapServers());
        }
        if (!config.isSet(Setting.INSTANCE_ID)) {
          // kept, so a restarted dev instance takes its partitions back at once (static group membership)
          filled = filled.with(Setting.INSTANCE_ID, "dev-" + StateFiles.secret(state.resolve("instance-id"), 9));
        }
        if (!config.isSet(Setting.ISSUER_KEY)) {
          Path key = state.resolve(ISSUER_KEY_FILE);
          StateFiles.secret(key, IssuerKeyFile::generatePem);
          filled = filled.with(Setting.ISSUER_KEY, key.toString());
        }
        String secret = null;
        if (!config.isSet(Setting.JWT_SECRET) && !config.isSet(Setting.JWKS_URL)) {
          secret = StateFiles.secret(state.resolve("jwt-secret"), 32);
          filled = filled.with(Setting.JWT_SECRET, secret);
        }
        return new DevEnvironment(filled, pg, broker, secret);
      } catch (IOException | RuntimeException e) {
        closeQuietly(broker);
        closeQuietly(pg);
        throw e;
      }
    } finally {
      starter.shutdown();
    }
  }

  /** The configuration with the embedded endpoints and the dev secret filled in. */
  GamificationConfig config() {
    return config;
  }

  /** The embedded PostgreSQL, when one was started. */
  Optional<EmbeddedPostgres> postgres() {
    return Optional.ofNullable(postgres);
  }

  /** The secret this mode generated (empty when the environment named a secret or a JWKS URL). */
  Optional<String> generatedSecret() {
    return Optional.ofNullable(generatedSecret);
  }

  Optional<String> adminToken(Instant now) {
    return generatedSecret().map(secret -> DevTokens.admin(secret, now));
  }

  Optional<String> userToken(Instant now) {
    return generatedSecret().map(secret -> DevTokens.user(secret, DevTokens.DEMO_USER, now));
  }

  /** Stops the broker, then PostgreSQL. */
  @Override
  public void close() throws IOException {
    try {
      if (kafka != null) {
        kafka.close();
      }
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  private static EmbeddedPostgres startPostgres(Path dir) {
    try {
      return EmbeddedPostgres.start(dir, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("the embedded PostgreSQL did not start (log: " + dir.resolve("postgres.log")
        + "): " + e.getMessage(), e);
    }
  }

  private static EmbeddedKafka startKafka(Path dir) {
    int port = Integer.getInteger(KAFKA_PORT_PROPERTY, KAFKA_PORT);
    try {
      EmbeddedKafka kafka = EmbeddedKafka.open(dir, port);
      try {
        kafka.start();
        return kafka;
      } catch (IOException | RuntimeException e) {
        closeQuietly(kafka);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the embedded Kafka broker did not start: " + e.getMessage(), e);
    }
  }

  /** The result of {@code future}; when it failed, waits for {@code other} and closes what it started. */
  private static <T> T join(CompletableFuture<T> future, CompletableFuture<? extends AutoCloseable> other)
    throws IOException {
    try {
      return future.join();
    } catch (CompletionException e) {
      try {
        closeQuietly(other.join());
      } catch (CompletionException ignored) {
        // the other one failed too; its own failure is reported when joined, this one is reported here
      }
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException io) {
        throw new IOException(io.getMessage(), io.getCause());
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(cause);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("Could not stop {}: {}", closeable, e.getMessage());
    }
  }
}
