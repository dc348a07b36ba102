package com.gigsy.gamification.console;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's files as {@link AdminConsole} serves them on a router of its own: what, with which headers, and what not. */
class ConsoleAssetsTest {

  private static final Path SOURCES = Path.of("src/main/resources/console");
  private static final Pattern IMPORT = Pattern.compile("from '(\\.{1,2}/[^']+)'");
  private static final Pattern PAGE_REFERENCE = Pattern.compile("(?:src|href)=\"/admin/([^\"]+)\"");

  private static Vertx vertx;
  private static int port;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void serve() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    AdminConsole.mount(router);
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    port = server.actualPort();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("index.txt lists every file of the console folder, so each is in the jar and served")
  void indexListsTheFolder() throws IOException {
    Set<String> onDisk;
    try (Stream<Path> files = Files.walk(SOURCES)) {
      onDisk = files.filter(Files::isRegularFile).map(file -> SOURCES.relativize(file).toString().replace('\\', '/'))
        .filter(name -> !name.equals("index.txt")).collect(Collectors.toCollection(TreeSet::new));
    }

    assertThat(new TreeSet<>(AdminConsole.load().names())).isEqualTo(onDisk);
  }

  @Test
  @DisplayName("every file the page and the scripts load is one the console serves")
  void referencesResolve() throws IOException {
    Set<String> served = AdminConsole.load().names();
    Matcher page = PAGE_REFERENCE.matcher(Files.readString(SOURCES.resolve("index.html")));
    while (page.find()) {
      assertThat(served).as("index.html loads /admin/%s", page.group(1)).contains(page.group(1));
    }
    for (String script : served.stream().filter(name -> name.endsWith(".js")).toList()) {
      Matcher imports = IMPORT.matcher(Files.readString(SOURCES.resolve(script)));
      while (imports.find()) {
        String target = Path.of(script).resolveSibling(imports.group(1)).normalize().toString().replace('\\', '/');
        assertThat(served).as("%s imports %s", script, imports.group(1)).contains(target);
      }
    }
  }

  @Test
  @DisplayName("no inline script or style, and no script builds HTML from strings or evaluates code")
  void noInlineCodeNorHtmlStrings() throws IOException {
    String page = Files.readString(SOURCES.resolve("index.html"));
    assertThat(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("style=").doesNotContain("<style")
      .doesNotContainPattern("\\son[a-z]+=");
    for (String script : AdminConsole.load().names().stream().filter(name -> name.endsWith(".js")).toList()) {
      assertThat(Files.readString(SOURCES.resolve(script))).as(script)
        .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
          "setAttribute('style'", "localStorage");
    }
  }

  @Test
  @DisplayName("GET /admin is the page, with a strict Content-Security-Policy and no framing, sniffing or referrer")
  void pageAndItsHeaders() throws Exception {
    HttpResponse<String> page = get("/admin", Map.of());
    HttpResponse<String> slash = get("/admin/", Map.of());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).contains("<script type=\"module\" src=\"/admin/app.js\"></script>");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'; script-src 'self'; "
      + "style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
      + "frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types 'none'");
    assertThat(page.headers().map()).containsEntry("x-content-type-options", List.of("nosniff"))
      .containsEntry("x-frame-options", List.of("DENY"))
      .containsEntry("referrer-policy", List.of("no-referrer"))
      .containsEntry("cache-control", List.of("no-cache"));
    assertThat(slash.statusCode()).isEqualTo(200);
    assertThat(slash.body()).isEqualTo(page.body());
  }

  @Test
  @DisplayName("scripts, styles and operations are served with their types; a file unchanged since is 304 by its ETag")
  void assetsAndRevalidation() throws Exception {
    HttpResponse<String> script = get("/admin/views/rules.js", Map.of());
    HttpResponse<String> style = get("/admin/console.css", Map.of());
    HttpResponse<String> operations = get("/admin/operations.graphql", Map.of());
    String etag = script.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = get("/admin/views/rules.js", Map.of("If-None-Match", etag));
    HttpResponse<String> stale = get("/admin/views/rules.js", Map.of("If-None-Match", "\"something-else\""));

    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(script.body()).isEqualTo(Files.readString(SOURCES.resolve("views/rules.js"), StandardCharsets.UTF_8));
    assertThat(style.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    assertThat(operations.body()).contains("mutation CreateRule(");
    assertThat(etag).matches("\"[0-9a-f]{64}\"");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(stale.statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("anything else under /admin is 404, with the same policy: the index, unknown files, paths out of the folder")
  void nothingElse() throws Exception {
    for (String path : new String[] {"/admin/index.txt", "/admin/nope.js", "/admin/views/", "/admin/../pom.xml",
      "/admin/%2e%2e/console/app.js", "/administrator"}) {
      HttpResponse<String> response = get(path, Map.of());

      assertThat(response.statusCode()).as(path).isEqualTo(404);
    }
    assertThat(get("/admin/nope.js", Map.of()).headers().firstValue("Content-Security-Policy")).isPresent();
  }

  private static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
