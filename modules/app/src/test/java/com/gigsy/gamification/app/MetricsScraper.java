package com.gigsy.gamification.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code GET /metrics} of a running service and the values of its series. */
final class MetricsScraper {

  /** HTTP/1.1 as Prometheus scrapes; the JDK client's default h2c upgrade once hung a scrape for good. */
  private final HttpClient http = HttpClient.newBuilder()
    .version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(5))
    .build();
  private final URI endpoint;

  MetricsScraper(int port) {
    this.endpoint = URI.create("http://127.0.0.1:" + port + "/metrics");
  }

  HttpResponse<String> get() {
    try {
      // the request timeout covers the headers only: bound the whole exchange, body included
      return http.sendAsync(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).get(15, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("GET /metrics failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The value of the series {@code series} (name and labels exactly as printed), NaN when absent. */
  double value(String series) {
    return value(get().body(), series);
  }

  static double value(String text, String series) {
    Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
  }
}
