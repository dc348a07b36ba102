package com.gigsy.gamification.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches probe users until their points are visible in {@code gamificationProfile}: while any probe is out, every
 * {@code periodMillis} one round asks for each probe out that no request is asking for yet, {@value #PER_REQUEST}
 * users per request (GraphQL aliases). So a probe is seen within one period and two answers (the one in flight when it
 * became visible, then the next) however many are out, and a slow answer holds up only the probes it asks for. Polling each probe on its own, every
 * 2 ms or every n ms while n were out (so that the watching stayed bounded), saw a probe up to n ms late exactly when
 * many were out, i.e. in the tail the section reports (34 to 58 out at once in its runs). Runs on one event loop of
 * the benchmark's Vert.x.
 */
final class BenchProbes {

  /** Users asked for in one request: 8 aliases cost 816 of the service's smallest query budget, 1,000. */
  static final int PER_REQUEST = 8;

  /** A probe out; {@code asked} while a request asks for it. */
  private static final class Probe {
    final String user;
    final long deadline;
    final Promise<Long> seen = Promise.promise();
    boolean asked;

    Probe(String user, long deadline) {
      this.user = user;
      this.deadline = deadline;
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final BenchHttp http;
  private final long periodMillis;
  /** By user, oldest first; touched only on {@link #context}. */
  private final Map<String, Probe> out = new LinkedHashMap<>();
  private long timer = -1;
  private int maxOut;
  private long requests;

  BenchProbes(Vertx vertx, BenchHttp http, long periodMillis) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.http = http;
    this.periodMillis = periodMillis;
  }

  /**
   * Completes with System.nanoTime() of the first answer that shows {@code user} with points, or fails after
   * {@code deadlineNanos} (System.nanoTime()) or on an error.
   */
  Future<Long> awaitPoints(String user, long deadlineNanos) {
    Probe probe = new Probe(user, deadlineNanos);
    context.runOnContext(v -> {
      out.put(user, probe);
      maxOut = Math.max(maxOut, out.size());
      if (timer < 0) {
        round();
        timer = vertx.setPeriodic(periodMillis, t -> round());
      }
    });
    return probe.seen.future();
  }

  /** The most probes out at once (read after they completed). */
  int maxOut() {
    return maxOut;
  }

  /** Requests sent so far (read after the probes completed). */
  long requests() {
    return requests;
  }

  private void round() {
    if (out.isEmpty()) {
      vertx.cancelTimer(timer);
      timer = -1;
      return;
    }
    List<Probe> idle = new ArrayList<>();
    for (Probe probe : out.values()) {
      if (!probe.asked) {
        idle.add(probe);
      }
    }
    for (int from = 0; from < idle.size(); from += PER_REQUEST) {
      ask(idle.subList(from, Math.min(idle.size(), from + PER_REQUEST)));
    }
  }

  private void ask(List<Probe> probes) {
    StringBuilder declared = new StringBuilder();
    StringBuilder fields = new StringBuilder();
    JsonObject variables = new JsonObject();
    for (int i = 0; i < probes.size(); i++) {
      probes.get(i).asked = true;
      declared.append(i == 0 ? "" : ", ").append("$u").append(i).append(": ID!");
      fields.append(" p").append(i).append(": gamificationProfile(userId: $u").append(i).append(") { totalPoints }");
      variables.put("u" + i, probes.get(i).user);
    }
    requests++;
    http.postData(BenchHttp.body("query(" + declared + ") {" + fields + " }", variables)).onComplete(result -> {
      long now = System.nanoTime();
      probes.forEach(probe -> probe.asked = false);
      if (result.failed()) {
        probes.forEach(probe -> finish(probe, result.cause().getMessage(), now));
        return;
      }
      for (int i = 0; i < probes.size(); i++) {
        Probe probe = probes.get(i);
        if (result.result().getJsonObject("p" + i).getLong("totalPoints") > 0) {
          finish(probe, null, now);
        } else if (now > probe.deadline) {
          finish(probe, "not visible before the deadline", now);
        }
      }
    });
  }

  private void finish(Probe probe, String failure, long now) {
    out.remove(probe.user);
    if (failure == null) {
      probe.seen.complete(now);
    } else {
      probe.seen.fail(failure);
    }
  }
}
