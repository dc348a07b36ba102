package com.gigsy.gamification.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * GraphQL over HTTP/1.1 with keep-alive, from the benchmark: a closed-loop load of {@code clients} concurrent
 * clients (each sends its next request when the previous answer arrived), and single requests for probes.
 * Runs on one Vert.x event loop of the benchmark's JVM.
 */
final class BenchHttp implements AutoCloseable {

  /** Seconds of one warm-up window. */
  static final double WARM_WINDOW_SECONDS = 5;
  /** The shortest warm-up (the former fixed one). */
  static final double MIN_WARM_UP_SECONDS = 10;
  /** The longest warm-up: a rate still moving after it is measured as it is. */
  static final double MAX_WARM_UP_SECONDS = 90;
  /** Steady: the last this many windows' rates … */
  static final int STEADY_WINDOWS = 3;
  /** … within this share of the highest of them. */
  static final double STEADY_CHANGE = 0.05;

  /** How long a request of a read test (or a probe) may take before it counts as failed. */
  static final long REQUEST_TIMEOUT_MS = 30_000;
  /** How long a blocking administrative request ({@link #data}) may take. */
  static final long ADMIN_TIMEOUT_MINUTES = 10;

  /** How long a test warmed up, and the requests/s of its windows. */
  record WarmUp(double seconds, List<Double> rates) {

    static final WarmUp NONE = new WarmUp(0, List.of());

    String describe() {
      return String.format(Locale.ROOT, "%.0f s; requests/s per window: %s", seconds,
        rates.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r)).collect(Collectors.joining(", ")));
    }
  }

  /** The outcome of a load: latencies in nanoseconds (sorted), requests per second, failures, its warm-up. */
  record Load(long[] nanos, double seconds, long failures, String firstFailure, WarmUp warmUp) {

    double perSecond() {
      return nanos.length / seconds;
    }

    double percentileMillis(double p) {
      return BenchHttp.percentile(nanos, p) / 1e6;
    }
  }

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final Context context;
  private final int port;
  /** One per simulated caller, taken in turn: a caller's own rate limit must not cap the whole load. */
  private final String[] authorizations;
  private int nextCaller;

  BenchHttp(Vertx vertx, int port, String bearer, int connections) {
    this(vertx, port, List.of(bearer), connections);
  }

  /** @param bearers the tokens of the callers the requests are spread over, in turn */
  BenchHttp(Vertx vertx, int port, List<String> bearers, int connections) {
    this.vertx = vertx;
    this.port = port;
    this.authorizations = bearers.stream().map(bearer -> "Bearer " + bearer).toArray(String[]::new);
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true).setPipelining(false)
        .setDefaultHost("127.0.0.1").setDefaultPort(port).setTcpNoDelay(true),
      new PoolOptions().setHttp1MaxSize(connections));
    this.context = vertx.getOrCreateContext();
  }

  private synchronized String nextAuthorization() {
    String authorization = authorizations[nextCaller];
    nextCaller = (nextCaller + 1) % authorizations.length;
    return authorization;
  }

  static Buffer body(String query, JsonObject variables) {
    return new JsonObject().put("query", query).put("variables", variables).toBuffer();
  }

  /** One POST /graphql; fails on a status other than 200, or after {@link #REQUEST_TIMEOUT_MS}. */
  Future<Buffer> post(Buffer body) {
    return post(body, REQUEST_TIMEOUT_MS);
  }

  private Future<Buffer> post(Buffer body, long timeoutMillis) {
    return client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/graphql")
        .putHeader("Content-Type", "application/json").putHeader("Authorization", nextAuthorization())
        .setTimeout(timeoutMillis))
      .compose(request -> request.send(body))
      .compose(response -> response.body().compose(buffer -> response.statusCode() == 200
        ? Future.succeededFuture(buffer)
        : Future.failedFuture("HTTP " + response.statusCode() + ": " + buffer)));
  }

  /** One POST /graphql and the answer's {@code data}; fails on a status other than 200 or on GraphQL errors. */
  Future<JsonObject> postData(Buffer body) {
    return postData(body, REQUEST_TIMEOUT_MS);
  }

  private Future<JsonObject> postData(Buffer body, long timeoutMillis) {
    return post(body, timeoutMillis).compose(buffer -> {
      JsonObject response = new JsonObject(buffer);
      return response.getJsonArray("errors") != null
        ? Future.failedFuture("GraphQL errors: " + response.getJsonArray("errors").encode())
        : Future.succeededFuture(response.getJsonObject("data"));
    });
  }

  /**
   * The {@code data} of one request, given up to {@link #ADMIN_TIMEOUT_MINUTES}: an administrative operation such as
   * {@code recomputeLeaderboard}, which answers once done (23–28 s over the full run's 4.4 million log rows, more in a
   * slow phase of the machine); blocking, from a benchmark thread.
   */
  JsonObject data(String query, JsonObject variables) {
    Promise<JsonObject> promise = Promise.promise();
    context.runOnContext(v -> postData(body(query, variables), TimeUnit.MINUTES.toMillis(ADMIN_TIMEOUT_MINUTES))
      .onComplete(promise));
    try {
      return promise.future().toCompletionStage().toCompletableFuture()
        .get(ADMIN_TIMEOUT_MINUTES + 1, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw new IllegalStateException("GraphQL request failed: " + e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException("GraphQL request failed: " + e.getMessage(), e);
    }
  }

  /**
   * {@code clients} closed loops, warmed up (to a steady rate when {@code steady}, {@link #warmUp}), then for
   * {@code seconds}, which count. A response with {@code "errors"} or a status other than 200 is a failure.
   */
  Load load(int clients, double seconds, boolean steady, Supplier<Buffer> requests, Runnable counting) {
    return measured(context, clients, seconds, steady, () -> post(requests.get())
      .compose(body -> hasErrors(body) ? Future.failedFuture(body.toString()) : Future.succeededFuture()), counting);
  }

  /**
   * {@code clients} closed loops on {@code context}, warmed up — to a steady rate ({@link #warmUp}) when
   * {@code steady}, else for {@link #MIN_WARM_UP_SECONDS} — then for {@code seconds}, which count; {@code counting}
   * runs right before those begin (the caller's own meters start there, and stop when this returns). Shared by the
   * GraphQL reads and the raw SQL reads, so both are warmed and measured alike.
   */
  static Load measured(Context context, int clients, double seconds, boolean steady, Supplier<Future<?>> requests,
                       Runnable counting) {
    WarmUp warm = steady ? warmUp(context, clients, requests)
      : new WarmUp(MIN_WARM_UP_SECONDS, List.of(closedLoop(context, clients, MIN_WARM_UP_SECONDS, requests).perSecond()));
    counting.run();
    Load load = closedLoop(context, clients, seconds, requests);
    return new Load(load.nanos(), load.seconds(), load.failures(), load.firstFailure(), warm);
  }

  /**
   * Runs the loops in windows of {@link #WARM_WINDOW_SECONDS} until the rate is steady: at least
   * {@link #MIN_WARM_UP_SECONDS}, then until the last {@link #STEADY_WINDOWS} windows' rates are within
   * {@link #STEADY_CHANGE} of the highest of them, for {@link #MAX_WARM_UP_SECONDS} at most. A fixed 10 s was too short
   * for a path the service had not run yet: async-profiler showed its JIT (C2) taking 40 % of the service's CPU during
   * the first profile test after it, which then measured a third of the 8-client test run right after it; and two
   * windows alike were not enough either (3,057 then 3,149 requests/s, then 4,762 measured).
   */
  static WarmUp warmUp(Context context, int clients, Supplier<Future<?>> requests) {
    List<Double> rates = new ArrayList<>();
    double seconds = 0;
    while (seconds < MAX_WARM_UP_SECONDS) {
      rates.add(closedLoop(context, clients, WARM_WINDOW_SECONDS, requests).perSecond());
      seconds += WARM_WINDOW_SECONDS;
      if (seconds >= MIN_WARM_UP_SECONDS && rates.size() >= STEADY_WINDOWS) {
        List<Double> last = rates.subList(rates.size() - STEADY_WINDOWS, rates.size());
        double highest = last.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double lowest = last.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        if (lowest >= (1 - STEADY_CHANGE) * highest) {
          break;
        }
      }
    }
    return new WarmUp(seconds, rates);
  }

  /**
   * {@code clients} closed loops on {@code context} for {@code seconds}, each starting its next request when the
   * previous one completed; a failed request is a failure. Blocking, from a benchmark thread.
   */
  private static Load closedLoop(Context context, int clients, double seconds, Supplier<Future<?>> requests) {
    Recorder recorder = new Recorder();
    long measureFrom = System.nanoTime();
    long end = measureFrom + (long) (seconds * 1e9);
    Promise<Void> done = Promise.promise();
    AtomicLong running = new AtomicLong(clients);
    context.runOnContext(v -> {
      for (int i = 0; i < clients; i++) {
        loop(requests, recorder, measureFrom, end, () -> {
          if (running.decrementAndGet() == 0) {
            done.complete();
          }
        });
      }
    });
    try {
      done.future().toCompletionStage().toCompletableFuture().get((long) seconds + 120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the read load did not finish: " + e.getMessage(), e);
    }
    return recorder.load(seconds);
  }

  private static void loop(Supplier<Future<?>> requests, Recorder recorder, long measureFrom, long end,
                           Runnable finished) {
    long sent = System.nanoTime();
    if (sent >= end) {
      finished.run();
      return;
    }
    requests.get().onComplete(result -> {
      long now = System.nanoTime();
      if (sent >= measureFrom && now <= end) {
        if (result.failed()) {
          recorder.fail(String.valueOf(result.cause().getMessage()));
        } else {
          recorder.record(now - sent);
        }
      }
      loop(requests, recorder, measureFrom, end, finished);
    });
  }

  private static boolean hasErrors(Buffer body) {
    // "errors" is a top-level key only on failure; the data of these queries never contains the word
    return body.toString().contains("\"errors\"");
  }

  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  @Override
  public void close() {
    try {
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
  }

  /** Latencies, touched only on the client's event loop. */
  private static final class Recorder {
    private long[] nanos = new long[1 << 16];
    private int size;
    private long failures;
    private String firstFailure;

    void record(long latency) {
      if (size == nanos.length) {
        nanos = Arrays.copyOf(nanos, size * 2);
      }
      nanos[size++] = latency;
    }

    void fail(String message) {
      if (failures++ == 0) {
        firstFailure = message;
      }
    }

    synchronized Load load(double seconds) {
      long[] sorted = Arrays.copyOf(nanos, size);
      Arrays.sort(sorted);
      return new Load(sorted, seconds, failures, firstFailure, WarmUp.NONE);
    }
  }
}
