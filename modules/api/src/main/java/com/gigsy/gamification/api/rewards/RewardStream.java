package com.gigsy.gamification.api.rewards;

import com.gigsy.gamification.core.RewardMessage;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The rewards of one subscription, as a reactive-streams {@link Publisher} for graphql-java: rewards
 * offered by the {@link RewardsFeed} are buffered and handed on as the subscriber asks for them. A
 * subscriber too slow to keep up loses its oldest buffered rewards (logged) rather than the service
 * its memory. One subscriber only; offer, request and cancel may come from any thread.
 */
final class RewardStream implements Publisher<RewardMessage> {

  private static final Logger LOG = LoggerFactory.getLogger(RewardStream.class);

  /** Most rewards held for a subscriber that has not asked for them yet. */
  static final int MAX_BUFFERED = 256;

  private final String userId;
  /** When the subscription opened (epoch milliseconds): rewards published before it are not its own. */
  private final long openedAtMillis;
  private final Consumer<RewardStream> onCancel;
  private final ArrayDeque<RewardMessage> buffer = new ArrayDeque<>();
  private Subscriber<? super RewardMessage> subscriber;
  private long demand;
  private boolean cancelled;
  private boolean draining;

  RewardStream(String userId, long openedAtMillis, Consumer<RewardStream> onCancel) {
    this.userId = userId;
    this.openedAtMillis = openedAtMillis;
    this.onCancel = onCancel;
  }

  String userId() {
    return userId;
  }

  long openedAtMillis() {
    return openedAtMillis;
  }

  @Override
  public void subscribe(Subscriber<? super RewardMessage> candidate) {
    boolean accepted;
    synchronized (this) {
      accepted = subscriber == null && !cancelled;
      if (accepted) {
        subscriber = candidate;
      }
    }
    if (accepted) {
      candidate.onSubscribe(new StreamSubscription());
      return;
    }
    candidate.onSubscribe(new Subscription() {
      @Override
      public void request(long n) {
      }

      @Override
      public void cancel() {
      }
    });
    candidate.onError(new IllegalStateException("a reward stream has one subscriber"));
  }

  /** Hands a reward on, now or when the subscriber asks for more. */
  void offer(RewardMessage reward) {
    synchronized (this) {
      if (cancelled) {
        return;
      }
      if (buffer.size() == MAX_BUFFERED) {
        RewardMessage dropped = buffer.poll();
        LOG.warn("A subscriber of {}'s rewards is too slow: dropped reward {}", userId, dropped.rewardId());
      }
      buffer.add(reward);
    }
    drain();
  }

  /** Ends the stream (the service is stopping): the subscriber is told it is complete. */
  void complete() {
    Subscriber<? super RewardMessage> target;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      buffer.clear();
      target = subscriber;
    }
    if (target != null) {
      target.onComplete();
    }
  }

  private void drain() {
    synchronized (this) {
      if (draining) {
        return;
      }
      draining = true;
    }
    while (true) {
      RewardMessage next;
      Subscriber<? super RewardMessage> target;
      synchronized (this) {
        if (cancelled || subscriber == null || demand == 0 || buffer.isEmpty()) {
          draining = false;
          return;
        }
        next = buffer.poll();
        demand--;
        target = subscriber;
      }
      try {
        target.onNext(next);
      } catch (RuntimeException e) {
        synchronized (this) {
          draining = false;
        }
        throw e;
      }
    }
  }

  private final class StreamSubscription implements Subscription {

    @Override
    public void request(long n) {
      if (n <= 0) {
        cancel();
        return;
      }
      synchronized (RewardStream.this) {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
      }
      drain();
    }

    @Override
    public void cancel() {
      synchronized (RewardStream.this) {
        if (cancelled) {
          return;
        }
        cancelled = true;
        buffer.clear();
      }
      onCancel.accept(RewardStream.this);
    }
  }
}
