package com.gigsy.gamification.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Sends GraphQL requests to a running service, as a frontend would: {@link #data} and {@link #post} for
 * requests that must be answered with 200, {@link #send}, {@link #get} and {@link #request} for the
 * response as it is (any status, headers, body), e.g. to check refusals.
 */
public final class GraphQLClient {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String authorization;

  /** A client sending {@code Authorization: Bearer <bearer>} (no header when null). */
  public GraphQLClient(int port, String bearer) {
    this("http://127.0.0.1:" + port, bearer == null ? null : "Bearer " + bearer);
  }

  private GraphQLClient(String base, String authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  /** A client sending {@code authorization} as it is as its Authorization header (none when null), e.g. {@code Basic …}. */
  public static GraphQLClient withAuthorization(int port, String authorization) {
    return new GraphQLClient("http://127.0.0.1:" + port, authorization);
  }

  /** The whole response body; fails the test on a non-200 status. */
  public JsonObject post(String query, JsonObject variables) {
    Response response = send(query, variables);
    if (response.status() != 200) {
      throw new AssertionError("HTTP " + response.status() + ": " + response.body());
    }
    return response.json();
  }

  /** The {@code data} of a request that must not fail. */
  public JsonObject data(String query, JsonObject variables) {
    JsonObject response = post(query, variables);
    if (response.getJsonArray("errors") != null) {
      throw new AssertionError("GraphQL errors: " + response.getJsonArray("errors").encode());
    }
    return response.getJsonObject("data");
  }

  /** POSTs {@code {query, variables}} as JSON to {@code /graphql}; the response, whatever its status. */
  public Response send(String query, JsonObject variables) {
    JsonObject body = new JsonObject().put("query", query).put("variables", variables);
    return request("POST", "/graphql", Map.of("Content-Type", "application/json"), body.encode());
  }

  /** GETs {@code /graphql?query=…}; the response, whatever its status. */
  public Response get(String query) {
    return request("GET", "/graphql?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20"), Map.of(), null);
  }

  /**
   * Any request to the service: {@code method} on {@code path} (with its query string) with these headers
   * besides this client's Authorization, and {@code body} (none when null); the response, whatever its status.
   */
  public Response request(String method, String path, Map<String, String> headers, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
      .timeout(Duration.ofSeconds(10))
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (java.io.IOException e) {
      throw new AssertionError(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The first of a response's {@code errors}; fails the test when it has none. */
  public static JsonObject firstError(JsonObject response) {
    JsonArray errors = response.getJsonArray("errors");
    if (errors == null || errors.isEmpty()) {
      throw new AssertionError("no GraphQL errors in " + response.encode());
    }
    return errors.getJsonObject(0);
  }

  /** The {@code extensions.code} of a response's first error; fails the test when it has none. */
  public static String errorCode(JsonObject response) {
    return firstError(response).getJsonObject("extensions").getString("code");
  }

  /** An HTTP response as it came: status, headers and body. */
  public record Response(int status, HttpHeaders headers, String body) {

    /** The first value of a header, null when it is absent. */
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    /** The body as a JSON object. */
    public JsonObject json() {
      return new JsonObject(body);
    }
  }
}
