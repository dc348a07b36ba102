package com.gigsy.gamification.app;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.Role;
import com.gigsy.gamification.core.Setting;
import com.gigsy.gamification.runtime.RunningService;
import com.gigsy.gamification.runtime.ServiceVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The commands of {@code ./gamification}: {@code dev}, {@code run}, {@code send} and {@code --help}.
 * Problems the user can fix (a bad or missing variable, a wrong argument) end with a one-line message on
 * stderr and status {@value #USAGE}; a start-up that fails ends with status {@value #FAILED}.
 */
final class Cli {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  /** Returned by {@code dev} and {@code run} once the service is up: the process keeps running. */
  static final int RUNNING = -1;

  /** Bounds on waiting for the service; its own steps have tighter timeouts, these catch a hang. */
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final Map<String, String> env;
  private final Path workingDirectory;
  private final PrintStream out;
  private final PrintStream err;

  Cli(Map<String, String> env, Path workingDirectory, PrintStream out, PrintStream err) {
    this.env = env;
    this.workingDirectory = workingDirectory;
    this.out = out;
    this.err = err;
  }

  int execute(String... args) {
    if (args.length == 0) {
      err.print(HelpText.render());
      return USAGE;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    switch (args[0]) {
      case "--help", "-h", "help" -> {
        out.print(HelpText.render());
        return OK;
      }
      case "dev" -> {
        return rest.isEmpty() ? serve(true) : usage("dev takes no arguments");
      }
      case "run" -> {
        return rest.isEmpty() ? serve(false) : usage("run takes no arguments");
      }
      case "send" -> {
        return send(rest);
      }
      default -> {
        return usage("unknown command '" + args[0] + "'");
      }
    }
  }

  private int usage(String problem) {
    err.println("gamification: " + problem + " (see ./gamification --help)");
    return USAGE;
  }

  private int serve(boolean devMode) {
    GamificationConfig config;
    try {
      config = GamificationConfig.fromEnvironment(env, devMode);
    } catch (IllegalArgumentException e) {
      err.println("gamification: " + e.getMessage());
      return USAGE;
    }
    if (!devMode && !config.missingForProduction().isEmpty()) {
      for (String missing : config.missingForProduction()) {
        err.println("gamification: " + missing + " is required in production mode (./gamification run); "
          + "./gamification dev starts everything embedded instead");
      }
      return USAGE;
    }
    Shutdown shutdown = Shutdown.onSignal();
    Logger log = LoggerFactory.getLogger(Cli.class);
    try {
      DevEnvironment dev = null;
      if (devMode) {
        dev = DevEnvironment.start(config, workingDirectory);
        shutdown.add("the embedded PostgreSQL and Kafka", dev::close);
        config = dev.config();
      }
      Vertx vertx = ServiceVertx.create();
      shutdown.add("Vert.x", () -> await(vertx.close(), STOP_TIMEOUT));
      RunningService running = await(Service.start(vertx, config), START_TIMEOUT);
      shutdown.add("the service", () -> await(running.stop(), STOP_TIMEOUT));
      if (dev != null) {
        Instant now = Instant.now();
        int port = running.httpPort() > 0 ? running.httpPort() : config.httpPort();
        out.print(Banner.render(config, config.roles().contains(Role.API) ? port : -1, dev.postgres(),
          dev.adminToken(now), dev.userToken(now)));
        out.flush();
      }
      return RUNNING;
    } catch (Exception e) {
      log.error("Start-up failed", e);
      shutdown.now();
      err.println("gamification: start-up failed: " + rootMessage(e));
      return FAILED;
    }
  }

  private int send(List<String> args) {
    JsonObject event;
    try {
      event = SendCommand.event(args, Instant.now());
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    GamificationConfig config;
    try {
      config = GamificationConfig.fromEnvironment(env, false);
    } catch (IllegalArgumentException e) {
      err.println("gamification: " + e.getMessage());
      return USAGE;
    }
    String bootstrap = Objects.requireNonNullElse(config.get(Setting.KAFKA_BOOTSTRAP), SendCommand.DEFAULT_BOOTSTRAP);
    try {
      RecordMetadata sent = new SendCommand(config.with(Setting.KAFKA_BOOTSTRAP, bootstrap)).send(event);
      out.println(event.encode());
      out.println("sent to " + sent.topic() + " (partition " + sent.partition() + ", offset " + sent.offset()
        + ") on " + bootstrap);
      return OK;
    } catch (SendCommand.SendException e) {
      err.println("gamification: " + e.getMessage());
      return FAILED;
    }
  }

  private static <T> T await(Future<T> future, Duration timeout) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (TimeoutException e) {
      throw new TimeoutException("gave up after " + timeout.toSeconds() + " s");
    }
  }

  /** The first message along a failure chain, for one line on stderr (the log has the whole chain). */
  static String rootMessage(Throwable failure) {
    String message = failure.getMessage();
    for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      if (message == null && cause.getMessage() != null) {
        message = cause.getMessage();
      }
    }
    return message != null ? message : failure.getClass().getSimpleName();
  }
}
