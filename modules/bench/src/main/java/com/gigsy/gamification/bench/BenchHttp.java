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

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * GraphQL over HTTP/1.1 with keep-alive, from the benchmark: a closed-loop load of {@code clients} concurrent
 * clients (each sends its next request when the previous answer arrived), and single requests for probes.
 * Runs on one Vert.x event loop of the benchmark's JVM.
 */
final class BenchHttp implements AutoCloseable {

  /** The outcome of a load: latencies in nanoseconds (sorted), requests per second, failures. */
  record Load(long[] nanos, double seconds, long failures, String firstFailure) {

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
  private int watching;
  private int maxWatching;

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

  /** One POST /graphql; fails on a status other than 200. */
  Future<Buffer> post(Buffer body) {
    return client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/graphql")
        .putHeader("Content-Type", "application/json").putHeader("Authorization", nextAuthorization())
        .setTimeout(30_000))
      .compose(request -> request.send(body))
      .compose(response -> response.body().compose(buffer -> response.statusCode() == 200
        ? Future.succeededFuture(buffer)
        : Future.failedFuture("HTTP " + response.statusCode() + ": " + buffer)));
  }

  /** The {@code data} of one request; blocking, from a benchmark thread. */
  JsonObject data(String query, JsonObject variables) {
    Promise<Buffer> promise = Promise.promise();
    context.runOnContext(v -> post(body(query, variables)).onComplete(promise));
    try {
      JsonObject response = new JsonObject(promise.future().toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.MINUTES));
      if (response.getJsonArray("errors") != null) {
        throw new IllegalStateException("GraphQL errors: " + response.getJsonArray("errors").encode());
      }
      return response.getJsonObject("data");
    } catch (Exception e) {
      throw new IllegalStateException("GraphQL request failed: " + e.getMessage(), e);
    }
  }

  /**
   * {@code clients} closed loops for {@code warmUp + seconds}; latencies of the last {@code seconds} count.
   * A response with {@code "errors"} or a status other than 200 is a failure.
   */
  Load load(int clients, double warmUpSeconds, double seconds, Supplier<Buffer> requests) {
    return closedLoop(context, clients, warmUpSeconds, seconds, () -> post(requests.get())
      .compose(body -> hasErrors(body) ? Future.failedFuture(body.toString()) : Future.succeededFuture()));
  }

  /**
   * {@code clients} closed loops on {@code context} for {@code warmUp + seconds}, each starting its next request when
   * the previous one completed; latencies of the last {@code seconds} count, a failed request is a failure. Blocking,
   * from a benchmark thread. Shared by the GraphQL reads and the raw SQL reads, so both are measured alike.
   */
  static Load closedLoop(Context context, int clients, double warmUpSeconds, double seconds,
                         Supplier<Future<?>> requests) {
    Recorder recorder = new Recorder();
    long start = System.nanoTime();
    long measureFrom = start + (long) (warmUpSeconds * 1e9);
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
      done.future().toCompletionStage().toCompletableFuture().get((long) (warmUpSeconds + seconds) + 120, TimeUnit.SECONDS);
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

  /**
   * Polls until {@code visible} holds for the data of {@code query}, every {@code periodMillis} (or every n ms
   * while n > periodMillis probes are out); the future completes with System.nanoTime() of that answer.
   */
  Future<Long> awaitVisible(String query, JsonObject variables, java.util.function.Predicate<JsonObject> visible,
                            long periodMillis, long deadlineNanos) {
    Promise<Long> promise = Promise.promise();
    Buffer body = body(query, variables);
    context.runOnContext(v -> {
      maxWatching = Math.max(maxWatching, ++watching);
      poll(body, visible, periodMillis, deadlineNanos, promise);
    });
    return promise.future().onComplete(r -> watching--);
  }

  private void poll(Buffer body, java.util.function.Predicate<JsonObject> visible, long periodMillis, long deadline,
                    Promise<Long> promise) {
    long sent = System.nanoTime();
    post(body).onComplete(result -> {
      long now = System.nanoTime();
      if (result.failed()) {
        promise.fail(result.cause());
        return;
      }
      JsonObject response = new JsonObject(result.result());
      if (response.getJsonArray("errors") != null) {
        promise.fail("GraphQL errors: " + response.getJsonArray("errors").encode());
      } else if (visible.test(response.getJsonObject("data"))) {
        promise.complete(now);
      } else if (now > deadline) {
        promise.fail("not visible before the deadline");
      } else {
        // every periodMillis while few probes are out; with many out (visibility already slow), all of them
        // together poll about 1,000 times a second, so the watching does not become the load it measures
        long wait = Math.max(periodMillis, watching) - (now - sent) / 1_000_000;
        if (wait < 1) {
          poll(body, visible, periodMillis, deadline, promise);
        } else {
          vertx.setTimer(wait, t -> poll(body, visible, periodMillis, deadline, promise));
        }
      }
    });
  }

  /** The most probes polled at once by {@link #awaitVisible} (read after they completed). */
  int maxWatching() {
    return maxWatching;
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
      return new Load(sorted, seconds, failures, firstFailure);
    }
  }
}
