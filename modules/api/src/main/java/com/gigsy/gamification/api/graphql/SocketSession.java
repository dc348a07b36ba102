package com.gigsy.gamification.api.graphql;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the operations of one WebSocket share (CONTRACT §11), in their GraphQL context under {@code SocketSession.class}:
 * when the connection's token stops being valid — no operation runs after that — and how many of its subscriptions
 * are open, at most {@value #MAX_SUBSCRIPTIONS} (a page needs one or two; each holds a stream of the rewards topic).
 */
public final class SocketSession {

  /** Most subscriptions open at once on one connection. */
  public static final int MAX_SUBSCRIPTIONS = 10;

  private final Instant validUntil;
  private final AtomicInteger open = new AtomicInteger();

  public SocketSession(Instant validUntil) {
    this.validUntil = validUntil;
  }

  boolean expiredAt(Instant now) {
    return !now.isBefore(validUntil);
  }

  /** Counts one more open subscription, unless the connection has {@value #MAX_SUBSCRIPTIONS} already. */
  boolean tryOpen() {
    while (true) {
      int current = open.get();
      if (current >= MAX_SUBSCRIPTIONS) {
        return false;
      }
      if (open.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /** A subscription of this connection ended (completed, failed or cancelled). */
  void closed() {
    open.decrementAndGet();
  }
}
