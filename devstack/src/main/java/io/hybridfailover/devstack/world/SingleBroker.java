package io.hybridfailover.devstack.world;

import io.hybridfailover.devstack.drill.WorldShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The world's one Kafka broker (KRaft, {@code embedded-kafka}, its own process): durable (a fixed
 * port and a kept log directory, so that it can be killed and started again as the same broker) or
 * with the decider behind a {@link DeciderPartition}, as the drill's shape asks.
 */
final class SingleBroker implements Brokers {

  private final Path root;
  private final Path dir;
  private final List<String> options;
  private final Teardown teardown;
  private final Optional<DeciderPartition> partition;
  private ManagedProcess process;
  private String bootstrap;

  private SingleBroker(
      Path root,
      Path dir,
      List<String> options,
      Teardown teardown,
      Optional<DeciderPartition> partition) {
    this.root = root;
    this.dir = dir;
    this.options = List.copyOf(options);
    this.teardown = teardown;
    this.partition = partition;
  }

  static SingleBroker start(
      Path root, Path work, WorldShape shape, Teardown teardown, Consumer<String> progress)
      throws Exception {
    progress.accept("starting the Kafka broker (KRaft, embedded-kafka, its own process)");
    Path dir = work.resolve("broker");
    List<String> options = new ArrayList<>();
    options.addAll(List.of("--bootstrap-file", bootstrapFile(dir).toString()));
    if (shape.durableBroker()) {
      Path logDir = dir.resolve("data");
      options.addAll(
          List.of("--port", String.valueOf(Ports.free()), "--log-dir", logDir.toString()));
      progress.accept("  on a fixed port, its log directory kept in " + root.relativize(logDir));
    }
    Optional<DeciderPartition> partition = Optional.empty();
    if (shape.deciderViaProxy()) {
      DeciderPartition proxy = DeciderPartition.open(teardown);
      options.addAll(proxy.brokerOptions());
      progress.accept(
          "  the decider reaches it only through a proxy at "
              + proxy.address()
              + ", in front of a second listener that advertises the proxy");
      partition = Optional.of(proxy);
    }
    SingleBroker broker = new SingleBroker(root, dir, options, teardown, partition);
    broker.launch("broker");
    return broker;
  }

  @Override
  public String bootstrap() {
    return bootstrap;
  }

  @Override
  public List<Integer> ports() {
    List<Integer> ports = new ArrayList<>();
    ports.add(Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1)));
    partition.ifPresent(p -> ports.addAll(p.ports()));
    return ports;
  }

  /** The broker's process now (the latest, if it was started again). */
  synchronized ManagedProcess process() {
    return process;
  }

  /** The proxy between the decider and the broker, if the drill put one there. */
  Optional<DeciderPartition> deciderPartition() {
    return partition;
  }

  /**
   * Starts the broker again with the options it first had (same port, same log directory) and waits
   * until it serves.
   */
  void restart() throws Exception {
    Files.deleteIfExists(bootstrapFile(dir));
    launch("broker-restarted");
  }

  private void launch(String name) throws Exception {
    ManagedProcess started;
    synchronized (this) {
      started = teardown.keep(ServiceLauncher.startBroker(root, dir, name, options));
      process = started;
    }
    bootstrap = Readiness.awaitFile(bootstrapFile(dir), started);
  }

  private static Path bootstrapFile(Path dir) {
    return dir.resolve("bootstrap");
  }
}
