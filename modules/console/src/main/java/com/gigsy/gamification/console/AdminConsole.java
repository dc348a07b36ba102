package com.gigsy.gamification.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The admin console (CONTRACT §10): static files shipped in this jar under {@code console/}, listed in
 * {@code console/index.txt}, read once into memory and served on {@code GET /admin} (the page) and
 * {@code GET /admin/<file>}. The page talks to {@code /graphql} only; the API decides what a token may do.
 * <p>
 * Every answer carries a strict Content-Security-Policy: scripts, styles, images and connections from this origin
 * only, no inline script or style, no eval, no framing, and Trusted Types required, so the browser itself refuses an
 * {@code innerHTML} of a string (the console builds its DOM from text nodes). Files are revalidated on each load by
 * their ETag (a SHA-256 of their bytes), so a new release is picked up at once.
 */
public final class AdminConsole {

  public static final String PATH = "/admin";

  static final String CONTENT_SECURITY_POLICY = String.join("; ",
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'");

  private static final String RESOURCE_DIR = "console/";
  private static final String INDEX = "index.txt";
  private static final String PAGE = "index.html";
  private static final Map<String, String> CONTENT_TYPES = Map.of(
    "html", "text/html; charset=utf-8",
    "js", "text/javascript; charset=utf-8",
    "css", "text/css; charset=utf-8",
    "graphql", "application/graphql; charset=utf-8",
    "svg", "image/svg+xml");

  private static volatile AdminConsole loaded;

  private final Map<String, Asset> assets;

  private AdminConsole(Map<String, Asset> assets) {
    this.assets = assets;
  }

  /** One file of the console: its bytes, type and entity tag. */
  record Asset(Buffer body, String contentType, String etag) {
  }

  /** Adds {@code GET /admin} and {@code GET /admin/*} to {@code router}; the files are read on the first call. */
  public static void mount(Router router) {
    AdminConsole console = get();
    router.get(PATH).handler(rc -> console.serve(rc, PAGE));
    router.get(PATH + "/*").handler(rc -> console.serve(rc, rc.normalizedPath().substring(PATH.length() + 1)));
  }

  static AdminConsole get() {
    AdminConsole console = loaded;
    if (console == null) {
      synchronized (AdminConsole.class) {
        if (loaded == null) {
          loaded = load();
        }
        console = loaded;
      }
    }
    return console;
  }

  /** The files listed in {@code console/index.txt}, in its order; a listed file that is missing stops the start. */
  static AdminConsole load() {
    Map<String, Asset> assets = new LinkedHashMap<>();
    for (String line : new String(read(INDEX), StandardCharsets.UTF_8).split("\n")) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      String extension = name.substring(name.lastIndexOf('.') + 1);
      String type = CONTENT_TYPES.get(extension);
      if (type == null) {
        throw new IllegalStateException("console/" + name + ": no content type for ." + extension);
      }
      byte[] bytes = read(name);
      assets.put(name, new Asset(Buffer.buffer(bytes), type, "\"" + sha256(bytes) + "\""));
    }
    if (!assets.containsKey(PAGE)) {
      throw new IllegalStateException("console/" + INDEX + " does not list " + PAGE);
    }
    return new AdminConsole(Map.copyOf(assets));
  }

  /** The names of the files served, relative to {@code /admin/}. */
  Set<String> names() {
    return assets.keySet();
  }

  private void serve(RoutingContext rc, String name) {
    HttpServerResponse response = rc.response();
    secure(response);
    Asset asset = assets.get(name.isEmpty() ? PAGE : name);
    if (asset == null) {
      response.setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end("Not found");
      return;
    }
    response.putHeader(HttpHeaders.ETAG, asset.etag()).putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    if (asset.etag().equals(rc.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType()).end(asset.body());
  }

  private static void secure(HttpServerResponse response) {
    response
      .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
      .putHeader("X-Content-Type-Options", "nosniff")
      .putHeader("X-Frame-Options", "DENY")
      .putHeader("Referrer-Policy", "no-referrer")
      .putHeader("Cross-Origin-Opener-Policy", "same-origin")
      .putHeader("Cross-Origin-Resource-Policy", "same-origin");
  }

  private static byte[] read(String name) {
    try (InputStream in = AdminConsole.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("console/" + name + " is not on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("console/" + name + " could not be read", e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
