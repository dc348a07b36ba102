package com.gigsy.gamification.api;

import com.gigsy.gamification.api.graphql.ClientFailure;
import com.gigsy.gamification.api.graphql.ErrorCode;
import com.gigsy.gamification.api.graphql.InternalErrors;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/**
 * Answers every failed request with a GraphQL-shaped body (CONTRACT §5):
 * {@code {"errors":[{"message":…,"extensions":{"code":…}}]}}. Client mistakes get a fixed message
 * (or the one a handler of ours gave in an {@link HttpException}); server failures get only a
 * correlation id, the cause being logged by {@link InternalErrors}.
 *
 * <p>A body that is not a GraphQL request is a 400, whether it fails to decode or comes with a
 * content type the handler does not read.
 */
final class HttpFailureHandler implements Handler<RoutingContext> {

  private final long maxBodyBytes;

  /** @param maxBodyBytes the largest request body read, for the message of a 413 */
  HttpFailureHandler(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(RoutingContext rc) {
    HttpServerResponse response = rc.response();
    if (response.headWritten()) {
      // part of a response is out already: all that is left is to end it
      InternalErrors.report(rc.request().method() + " " + rc.request().path(), failureOf(rc));
      response.reset();
      return;
    }
    int status = statusOf(rc);
    ErrorCode code;
    String message;
    JsonObject extensions = new JsonObject();
    switch (status) {
      case 400, 415 -> {
        status = 400;
        code = ErrorCode.BAD_REQUEST;
        message = ourMessage(rc, "Not a GraphQL request: send a JSON object with a \"query\" string "
          + "(Content-Type: application/json), or a GET with a \"query\" parameter");
      }
      case 401 -> {
        code = ErrorCode.UNAUTHENTICATED;
        message = ourMessage(rc, "A valid bearer token is required");
      }
      case 403 -> {
        code = ErrorCode.FORBIDDEN;
        message = ourMessage(rc, "Forbidden");
      }
      case 404 -> {
        code = ErrorCode.NOT_FOUND;
        message = ourMessage(rc, "Not found");
      }
      case 405 -> {
        code = ErrorCode.BAD_REQUEST;
        message = ourMessage(rc, "Method not allowed: use GET or POST");
      }
      case 429 -> {
        code = ErrorCode.RATE_LIMITED;
        message = ourMessage(rc, "Too many requests: slow down");
      }
      case 413 -> {
        code = ErrorCode.BAD_REQUEST;
        message = "The request body is too large (at most " + maxBodyBytes + " bytes)";
      }
      default -> {
        if (status < 500) {
          code = ErrorCode.BAD_REQUEST;
          message = ourMessage(rc, "Bad request");
        } else {
          status = 500;
          code = ErrorCode.INTERNAL;
          String id = InternalErrors.report(rc.request().method() + " " + rc.request().path(), failureOf(rc));
          message = InternalErrors.clientMessage(id);
          extensions.put(InternalErrors.CORRELATION_ID_KEY, id);
        }
      }
    }
    extensions.put(ErrorCode.EXTENSION_KEY, code.name());
    JsonObject body = new JsonObject()
      .put("errors", new JsonArray().add(new JsonObject().put("message", message).put("extensions", extensions)));
    response.setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(body.toBuffer());
  }

  private static int statusOf(RoutingContext rc) {
    if (rc.statusCode() != -1) {
      return rc.statusCode();
    }
    return rc.failure() instanceof HttpException http ? http.getStatusCode() : 500;
  }

  private static Throwable failureOf(RoutingContext rc) {
    return rc.failure() != null ? rc.failure() : new IllegalStateException("request failed with status " + rc.statusCode());
  }

  /** A message one of our handlers chose for the client, else the default. Library messages are not shown. */
  private static String ourMessage(RoutingContext rc, String fallback) {
    if (rc.failure() instanceof ClientFailure failure) {
      return failure.getMessage();
    }
    return fallback;
  }
}
