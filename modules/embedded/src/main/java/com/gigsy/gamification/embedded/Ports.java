package com.gigsy.gamification.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loopback TCP ports for the embedded services: found free, and optionally kept in a file across restarts. */
public final class Ports {

  private Ports() {
  }

  /** A port nobody listens on right now (the OS picks it). */
  public static int free() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free TCP port on the loopback interface", e);
    }
  }

  /** Whether a server could bind this port on the loopback interface now. */
  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The port recorded in {@code file} when it is still free; otherwise a new free port, recorded there.
   * Keeps a service on the same port across restarts when possible.
   */
  public static int persisted(Path file) throws IOException {
    if (Files.exists(file)) {
      String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
      try {
        int port = Integer.parseInt(text);
        if (port > 0 && port < 65536 && isFree(port)) {
          return port;
        }
      } catch (NumberFormatException e) {
        // an unreadable record is replaced below
      }
    }
    int port = free();
    StateFiles.writeAtomically(file, Integer.toString(port));
    return port;
  }
}
