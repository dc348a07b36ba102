/**
 * Who is calling, and what they may do (CONTRACT §5): the bearer token of the {@code Authorization} header
 * ({@code HttpAuthHandler}) or of the WebSocket {@code connection_init} payload ({@code SocketAuth}), verified by
 * the configured {@code TokenVerifier} (an HS256 secret or a JWK set, behind a {@code TokenCache}); the
 * {@code Caller} it stands for, put in the GraphQL context of every operation; the checks fields make of it
 * ({@code Access}).
 *
 * <p>Used by the root (the verticle and its router) and by the domain packages. It uses {@code api.graphql} (error
 * codes, the bounds of a user id), never the reverse; it imports no domain package and not the root.
 */
package com.gigsy.gamification.api.auth;
