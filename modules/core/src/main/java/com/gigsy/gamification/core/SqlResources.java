package com.gigsy.gamification.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one loader of SQL kept in {@code .sql} resources (migrations, demo data, the engine's long statements):
 * UTF-8 text from the classpath of this module's loader, which the service's jar shares. Blocking: load once, at
 * start-up or from a worker.
 */
public final class SqlResources {

  private SqlResources() {
  }

  /** @throws IllegalStateException when the resource is not on the classpath */
  public static String load(String resource) {
    try (InputStream in = SqlResources.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + resource, e);
    }
  }
}
