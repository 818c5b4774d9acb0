package io.hybridfailover.devstack.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

  /** Answers each byte with the same byte, once per connection accepted. */
  private static ServerSocket echo() throws IOException {
    ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread thread =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  new Thread(
                          () -> {
                            try (s;
                                InputStream in = s.getInputStream();
                                OutputStream out = s.getOutputStream()) {
                              int b;
                              while ((b = in.read()) >= 0) {
                                out.write(b);
                                out.flush();
                              }
                            } catch (IOException e) {
                              // closed
                            }
                          })
                      .start();
                } catch (IOException e) {
                  // closed
                }
              }
            });
    thread.setDaemon(true);
    thread.start();
    return server;
  }

  @Test
  void forwardsThenCutsOpenConnectionsAndRefusesNewOnesUntilRestored() throws Exception {
    try (ServerSocket upstream = echo();
        TcpProxy proxy = TcpProxy.start(0, "127.0.0.1:" + upstream.getLocalPort())) {
      Socket before = new Socket("127.0.0.1", proxy.port());
      before.setSoTimeout(2_000);
      before.getOutputStream().write(7);
      assertEquals(7, before.getInputStream().read());

      proxy.cut();
      assertThrows(
          IOException.class,
          () -> {
            before.getOutputStream().write(8);
            if (before.getInputStream().read() < 0) {
              throw new IOException("closed");
            }
          });
      try (Socket during = new Socket("127.0.0.1", proxy.port())) {
        during.setSoTimeout(2_000);
        assertThrows(
            IOException.class,
            () -> {
              during.getOutputStream().write(9);
              if (during.getInputStream().read() < 0) {
                throw new IOException("closed");
              }
            });
      }

      proxy.restore();
      try (Socket after = new Socket("127.0.0.1", proxy.port())) {
        after.setSoTimeout(2_000);
        after.getOutputStream().write(10);
        assertEquals(10, after.getInputStream().read());
      }
    }
  }
}
