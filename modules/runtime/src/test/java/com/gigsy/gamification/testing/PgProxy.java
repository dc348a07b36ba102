package com.gigsy.gamification.testing;

import com.gigsy.gamification.core.GamificationConfig;
import com.gigsy.gamification.core.Setting;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of PostgreSQL that a test can cut: {@link #cut()} closes every connection through it
 * and refuses new ones (accepted, then closed at once) until {@link #restore()}. Point the service at
 * {@link #url(String)} instead of the database's own URL, or start it with {@link #through(GamificationConfig)}.
 */
public final class PgProxy implements AutoCloseable {

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile boolean stalled;
  private volatile boolean closed;
  private final Object stall = new Object();

  public PgProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "pg-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy in front of the database of a {@code postgresql://user:pw@host:port/db} URL. */
  public static PgProxy before(String url) {
    URI uri = URI.create(url);
    return new PgProxy(uri.getHost(), uri.getPort());
  }

  /** A proxy in front of the database of {@code config}. */
  public static PgProxy before(GamificationConfig config) {
    return before(config.pgUrl());
  }

  /** {@code config} reaching its database through this proxy. */
  public GamificationConfig through(GamificationConfig config) {
    return config.with(Setting.PG_URL, url(config.pgUrl()));
  }

  /** {@code url} with its host and port replaced by the proxy's. */
  public String url(String url) {
    URI uri = URI.create(url);
    return url.replace(uri.getHost() + ":" + uri.getPort(), "127.0.0.1:" + server.getLocalPort());
  }

  public void cut() {
    cut = true;
    open.forEach(PgProxy::closeQuietly);
    open.clear();
  }

  public void restore() {
    cut = false;
    synchronized (stall) {
      stalled = false;
      stall.notifyAll();
    }
  }

  /**
   * PostgreSQL stops answering: connections stay open, new ones are accepted, but no byte goes through either way
   * until {@link #restore()} — a frozen server or a network dropping packets, which nothing on the wire announces.
   */
  public void stall() {
    stalled = true;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        if (cut) {
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket(targetHost, targetPort);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (!closed) {
          System.err.println("pg proxy: " + e);
        }
      }
    }
  }

  private void pump(Socket from, Socket to) throws IOException {
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          awaitUnstalled();
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (SocketException e) {
        // closed by cut() or by the other side
      } catch (IOException e) {
        System.err.println("pg proxy: " + e);
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "pg-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private void awaitUnstalled() throws IOException {
    synchronized (stall) {
      while (stalled && !closed) {
        try {
          stall.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while stalled", e);
        }
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    restore();
    cut();
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
