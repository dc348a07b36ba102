package com.gigsy.gamification.api.graphql;

/**
 * How an operation arrived, in the GraphQL context under {@code Transport.class}: both the HTTP and
 * the WebSocket handler of Vert.x put the routing context there, so it cannot tell them apart.
 */
public enum Transport {
  HTTP,
  WEBSOCKET
}
