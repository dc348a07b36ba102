package com.gigsy.gamification.testing;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Posts GraphQL requests to a running service, as a frontend would. */
public final class GraphQLClient {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI endpoint;
  private final String bearer;

  public GraphQLClient(int port, String bearer) {
    this.endpoint = URI.create("http://127.0.0.1:" + port + "/graphql");
    this.bearer = bearer;
  }

  /** The whole response body; fails the test on a non-200 status. */
  public JsonObject post(String query, JsonObject variables) {
    JsonObject body = new JsonObject().put("query", query).put("variables", variables);
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
      .timeout(Duration.ofSeconds(10))
      .header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
      }
      return new JsonObject(response.body());
    } catch (java.io.IOException e) {
      throw new AssertionError("GraphQL request failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The {@code data} of a request that must not fail. */
  public JsonObject data(String query, JsonObject variables) {
    JsonObject response = post(query, variables);
    if (response.getJsonArray("errors") != null) {
      throw new AssertionError("GraphQL errors: " + response.getJsonArray("errors").encode());
    }
    return response.getJsonObject("data");
  }
}
