package com.gigsy.gamification.api.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.graphql.ws.ConnectionInitEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a {@code graphql-transport-ws} connection from its {@code connection_init} payload,
 * {@code {"Authorization": "Bearer <JWT>"}} (a browser cannot set headers on a WebSocket). A missing or
 * invalid token fails the event, which makes the handler close the socket with 4401; a valid one
 * becomes the connection's parameters, read back by {@link #caller}.
 */
public final class SocketAuth implements Handler<ConnectionInitEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(SocketAuth.class);

  private final TokenVerifier verifier;

  public SocketAuth(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public void handle(ConnectionInitEvent event) {
    JsonObject payload = event.message().message().getJsonObject("payload");
    String token = payload == null ? null : BearerTokens.token(authorization(payload));
    if (token == null) {
      event.fail("no bearer token in the connection_init payload");
      return;
    }
    Future.succeededFuture(token).compose(verifier::verify).onComplete(event::complete, failure -> {
      LOG.debug("Refused a WebSocket connection: {}", failure.getMessage());
      event.fail(failure);
    });
  }

  /** The header value, whatever the case of its name (clients differ: Authorization, authorization). */
  private static String authorization(JsonObject payload) {
    for (String name : payload.fieldNames()) {
      if ("authorization".equalsIgnoreCase(name) && payload.getValue(name) instanceof String value) {
        return value;
      }
    }
    return null;
  }

  /** The caller a connection was authenticated as ({@code connectionParams} of its messages). */
  public static Caller caller(Object connectionParams) {
    return connectionParams instanceof Caller caller ? caller : null;
  }
}
