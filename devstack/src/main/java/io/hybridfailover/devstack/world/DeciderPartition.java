package io.hybridfailover.devstack.world;

import java.util.List;

/**
 * A fault part: the decider reaches the broker only through a proxy that can cut it off, in front
 * of a second broker listener that advertises the proxy's address (the {@code partition} drill).
 */
final class DeciderPartition {

  private final TcpProxy proxy;
  private final int secondListenerPort;

  private DeciderPartition(TcpProxy proxy, int secondListenerPort) {
    this.proxy = proxy;
    this.secondListenerPort = secondListenerPort;
  }

  /** The proxy, listening; the broker's second listener comes with the broker's options. */
  static DeciderPartition open(Teardown teardown) throws Exception {
    int second = Ports.free();
    return new DeciderPartition(teardown.keep(TcpProxy.start(0, "127.0.0.1:" + second)), second);
  }

  /** What the broker is started with: its second listener, advertising the proxy. */
  List<String> brokerOptions() {
    return List.of(
        "--second-listener",
        String.valueOf(secondListenerPort),
        "--second-advertised",
        proxy.address());
  }

  /** The decider's bootstrap address. */
  String address() {
    return proxy.address();
  }

  /** The decider's connections dropped, new ones refused. */
  void cut() {
    proxy.cut();
  }

  /** The decider let through again. */
  void restore() {
    proxy.restore();
  }

  List<Integer> ports() {
    return List.of(proxy.port(), secondListenerPort);
  }
}
