package com.gigsy.gamification.embedded;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dev server is closed to other local users (issue: a world-writable socket in /tmp with trust): it listens on
 * 127.0.0.1 only, its Unix socket lives in a directory only its owner may enter, and every connection, the local
 * socket's included, must give the password — also on a cluster an earlier version left trusting its socket.
 */
class EmbeddedPostgresTest {

  /** PostgreSQL's answer to a startup message: an authentication request of this code (RFC-like wire protocol 3.0). */
  private static final int AUTH_OK = 0;
  private static final int AUTH_SASL = 10;

  @Test
  @DisplayName("listens on 127.0.0.1 only, its socket in a private directory, and asks every connection for the password")
  void closedToOtherLocalUsers() throws Exception {
    Path dir = base().resolve("pg-" + UUID.randomUUID().toString().substring(0, 8));
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dir, 0, binaries(), false)) {
      assertThat(query(postgres.url(), "SHOW listen_addresses")).isEqualTo("127.0.0.1");
      Path socketDirectory = Path.of(query(postgres.url(), "SHOW unix_socket_directories"));
      assertThat(socketDirectory).isEqualTo(dir.toAbsolutePath().normalize().resolve("socket"));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socketDirectory))).isEqualTo("rwx------");
      assertThat(Files.readAllLines(dir.resolve("data/pg_hba.conf"))).noneMatch(line -> line.trim().endsWith("trust"));
      assertThat(authenticationAsked(socketDirectory.resolve(".s.PGSQL." + postgres.port())))
        .as("the local socket asks for the password (SASL)").isEqualTo(AUTH_SASL);
      String wrong = postgres.url().replaceFirst(":[^:@/]+@", ":wrong@");
      assertThatThrownBy(() -> query(wrong, "SELECT 1")).isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
    }
  }

  @Test
  @DisplayName("a cluster whose socket an earlier version left trusted asks for the password after the next start")
  void earlierTrustedSocketIsClosed() throws Exception {
    Path dir = base().resolve("pg-" + UUID.randomUUID().toString().substring(0, 8));
    EmbeddedPostgres.start(dir, 0, binaries(), false).close();
    Path hba = dir.resolve("data/pg_hba.conf");
    List<String> lines = Files.readAllLines(hba).stream()
      .map(line -> line.startsWith("local") ? line.replaceAll("scram-sha-256\\s*$", "trust") : line).toList();
    Files.write(hba, lines);

    try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dir, 0, binaries(), false)) {
      assertThat(authenticationAsked(dir.resolve("socket/.s.PGSQL." + postgres.port()))).isEqualTo(AUTH_SASL);
      assertThat(query(postgres.url(), "SELECT 'in'")).isEqualTo("in");
    }
  }

  private static Path base() {
    return Path.of(System.getProperty("gamification.test.dir", "target/test-stack"));
  }

  private static Path binaries() {
    return base().resolve("pg-binaries");
  }

  private static String query(String url, String sql) throws SQLException {
    java.net.URI uri = java.net.URI.create(url);
    String[] credentials = uri.getUserInfo().split(":", 2);
    try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort()
      + uri.getPath(), credentials[0], java.net.URLDecoder.decode(credentials[1], StandardCharsets.UTF_8));
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  /**
   * Connects to the server's Unix socket as the superuser and answers the authentication code of its first reply
   * (the JDBC driver cannot use a Unix socket, and the embedded distribution has no psql): a startup message of
   * protocol 3.0, then an 'R' message whose code 0 means let in without a password.
   */
  private static int authenticationAsked(Path socket) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      byte[] parameters = "user\0postgres\0database\0postgres\0\0".getBytes(StandardCharsets.US_ASCII);
      ByteBuffer startup = ByteBuffer.allocate(8 + parameters.length);
      startup.putInt(8 + parameters.length).putInt(196_608).put(parameters).flip();
      while (startup.hasRemaining()) {
        channel.write(startup);
      }
      ByteBuffer reply = ByteBuffer.allocate(9);
      while (reply.hasRemaining() && channel.read(reply) >= 0) {
        // reads the message type, its length and the authentication code
      }
      reply.flip();
      assertThat((char) reply.get()).as("an authentication request").isEqualTo('R');
      reply.getInt();
      int code = reply.getInt();
      assertThat(code).isIn(AUTH_OK, AUTH_SASL, 3, 5);
      return code;
    }
  }
}
