package com.gigsy.gamification.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test opened, closed in the reverse order after it: register it with {@code @RegisterExtension} (an
 * instance field closes after each test, a static one after the class) and {@link #add} each resource as it
 * is opened. Every resource is closed even when one fails; the first failure is thrown, the others suppressed.
 */
public final class Closer implements BeforeAllCallback, AfterEachCallback, AfterAllCallback, AutoCloseable {

  private final Deque<AutoCloseable> opened = new ArrayDeque<>();
  /** Registered on a static field: JUnit calls such an extension after each test too, and it must wait for the class. */
  private volatile boolean perClass;

  /** Closes {@code resource} after the test, before anything added earlier; returns it. */
  public synchronized <T extends AutoCloseable> T add(T resource) {
    opened.push(resource);
    return resource;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (!perClass) {
      close();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    while (true) {
      AutoCloseable next;
      synchronized (this) {
        next = opened.poll();
      }
      if (next == null) {
        break;
      }
      try {
        next.close();
      } catch (Exception | AssertionError e) {
        Exception failure = e instanceof Exception exception ? exception : new Exception(e);
        if (first == null) {
          first = failure;
        } else {
          first.addSuppressed(failure);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
