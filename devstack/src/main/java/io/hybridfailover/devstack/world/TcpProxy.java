package io.hybridfailover.devstack.world;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP forwarder on a loopback port that can cut what passes through it, the way a network
 * partition does: {@link #cut()} drops every open connection (both ends see a reset) and refuses
 * new ones until {@link #restore()}. Used between a process and the broker, so that the Kafka
 * client itself meets the fault.
 */
public final class TcpProxy implements AutoCloseable {

  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(Threads.daemon("tcp-proxy"));
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;

  private TcpProxy(int port, String upstreamHost, int upstreamPort) throws IOException {
    this.upstream = new InetSocketAddress(upstreamHost, upstreamPort);
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    threads.execute(this::acceptLoop);
  }

  /**
   * Starts forwarding {@code port} (0: a free one) to {@code upstream} ({@code host:port}).
   *
   * @throws IOException if the port cannot be bound
   */
  public static TcpProxy start(int port, String upstream) throws IOException {
    int colon = upstream.lastIndexOf(':');
    return new TcpProxy(
        port, upstream.substring(0, colon), Integer.parseInt(upstream.substring(colon + 1)));
  }

  /** The port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** {@code 127.0.0.1:port}, as a bootstrap address. */
  public String address() {
    return "127.0.0.1:" + port();
  }

  /** Drops every open connection and refuses new ones (accepted, then closed at once). */
  public void cut() {
    cut = true;
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
  }

  /** Lets connections through again. */
  public void restore() {
    cut = false;
  }

  public boolean isCut() {
    return cut;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (cut) {
          client.setSoLinger(true, 0);
          client.close();
          continue;
        }
        threads.execute(() -> connect(client));
      } catch (IOException e) {
        // closed: the loop ends
      }
    }
  }

  private void connect(Socket client) {
    Socket target = new Socket();
    try {
      target.connect(upstream, 2_000);
      target.setTcpNoDelay(true);
      client.setTcpNoDelay(true);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(target);
      return;
    }
    open.add(client);
    open.add(target);
    threads.execute(() -> pump(client, target));
    threads.execute(() -> pump(target, client));
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (SocketException e) {
      // cut or closed by the other side
    } catch (IOException e) {
      // same: the pair is torn down below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      if (!socket.isClosed()) {
        // A reset, not a graceful close: what a dropped connection looks like to the client.
        socket.setSoLinger(true, 0);
      }
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
    cut();
    threads.shutdownNow();
  }

  @Override
  public String toString() {
    return "tcp proxy " + address() + " -> " + upstream;
  }
}
