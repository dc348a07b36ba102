package com.gigsy.gamification.api.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.graphql.ws.ConnectionInitEvent;
import io.vertx.ext.web.handler.graphql.ws.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates a {@code graphql-transport-ws} connection from its {@code connection_init} payload,
 * {@code {"Authorization": "Bearer <JWT>"}} (a browser cannot set headers on a WebSocket). A missing or
 * invalid token fails the event, which makes the handler close the socket with 4401; a valid one
 * becomes the connection's parameters, read back by {@link #caller}. The connection lasts as long as its token
 * (CONTRACT §11): a timer per socket closes it with 4401 when the token expires ({@code exp} plus the leeway), and any
 * message arriving after that closes it too ({@link #onMessage}), before the operation it carries could run.
 */
public final class SocketAuth implements Handler<ConnectionInitEvent> {

  /** The close code of a missing, invalid or expired token (graphql-transport-ws: Unauthorized). */
  public static final short UNAUTHORIZED = 4401;

  private static final Logger LOG = LoggerFactory.getLogger(SocketAuth.class);

  private final Vertx vertx;
  private final TokenVerifier verifier;
  /** The expiry timer of each authenticated socket still open. */
  private final Map<ServerWebSocket, Long> expiryTimers = new ConcurrentHashMap<>();

  public SocketAuth(Vertx vertx, TokenVerifier verifier) {
    this.vertx = vertx;
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
    ServerWebSocket socket = event.message().socket();
    Future.succeededFuture(token).compose(verifier::verify).onComplete(caller -> {
      if (!socket.isClosed()) {
        long delay = Math.max(1, caller.validUntil().toEpochMilli() - System.currentTimeMillis());
        expiryTimers.put(socket, vertx.setTimer(delay, id -> expire(socket)));
      }
      event.complete(caller);
    }, failure -> {
      LOG.debug("Refused a WebSocket connection: {}", failure.getMessage());
      event.fail(failure);
    });
  }

  /** Before the handler acts on a message: a connection whose token has expired is closed, the message dropped. */
  public void onMessage(Message message) {
    Caller caller = caller(message.connectionParams());
    if (caller != null && caller.expiredAt(Instant.now())) {
      expire(message.socket());
    }
  }

  /** The socket ended: its timer goes. */
  public void ended(ServerWebSocket socket) {
    Long timer = expiryTimers.remove(socket);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }

  private void expire(ServerWebSocket socket) {
    ended(socket);
    if (!socket.isClosed()) {
      socket.close(UNAUTHORIZED, "Token expired");
    }
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
