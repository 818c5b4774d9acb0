package io.hybridfailover.devstack.world;

import io.hybridfailover.events.Topics;
import io.hybridfailover.events.kafka.ServicePartitioner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * Several Kafka brokers of one KRaft cluster, as production runs three: each a combined
 * broker+controller node of {@code embedded-kafka} in its own process, on a fixed port with its own
 * log directory, so that one can be killed (and started again) while the others serve. The contract
 * topics are replicated on three nodes with {@code min.insync.replicas} 2.
 */
final class KafkaCluster implements Brokers {

  /** Takes a started process into the world's keeping (stopped with it, brokers last). */
  interface Owner {
    ManagedProcess own(ManagedProcess process) throws Exception;
  }

  /**
   * Three broker JVMs beside the services on two cores are started as the services are (serial GC,
   * the quick compiler only): started like the single broker, beside other builds, they took over
   * two minutes to start and their controllers timed out each other's heartbeats.
   */
  private static final List<String> JVM =
      List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final Path root;
  private final Path work;

  /** By node id (1..n): the options each node is started with, again the same after a kill. */
  private final Map<Integer, List<String>> options = new LinkedHashMap<>();

  private final Map<Integer, Integer> ports = new LinkedHashMap<>();
  private final Map<Integer, ManagedProcess> processes = new LinkedHashMap<>();

  private final Owner owner;

  private KafkaCluster(Path root, Path work, Owner owner) {
    this.root = root;
    this.work = work;
    this.owner = owner;
  }

  /** Starts {@code size} nodes side by side and waits until each serves the contract topics. */
  static KafkaCluster start(Path root, Path work, int size, Owner owner) throws Exception {
    KafkaCluster cluster = new KafkaCluster(root, work, owner);
    List<String> controllerPorts = new ArrayList<>();
    for (int id = 1; id <= size; id++) {
      cluster.ports.put(id, Ports.free());
      controllerPorts.add(String.valueOf(Ports.free()));
    }
    String clusterId = Uuid.randomUuid().toString();
    for (int id = 1; id <= size; id++) {
      cluster.options.put(
          id,
          List.of(
              "--port",
              String.valueOf(cluster.ports.get(id)),
              "--log-dir",
              cluster.dir(id).resolve("data").toString(),
              "--bootstrap-file",
              cluster.bootstrapFile(id).toString(),
              "--node-id",
              String.valueOf(id),
              "--cluster-id",
              clusterId,
              "--controller-ports",
              String.join(",", controllerPorts)));
      cluster.processes.put(id, owner.own(cluster.launch(id, name(id))));
    }
    for (int id = 1; id <= size; id++) {
      Readiness.awaitFile(cluster.bootstrapFile(id), cluster.processes.get(id));
    }
    return cluster;
  }

  /** Every node's address: what every client is told, so that any one of them may be down. */
  @Override
  public String bootstrap() {
    return ports.values().stream()
        .map(port -> "127.0.0.1:" + port)
        .collect(Collectors.joining(","));
  }

  @Override
  public List<Integer> ports() {
    return List.copyOf(ports.values());
  }

  /** The process of node {@code id} now (the latest, if it was started again). */
  synchronized ManagedProcess process(int id) {
    return processes.get(id);
  }

  /**
   * The node leading {@code service}'s partition of the commands topic now: the one whose loss
   * interrupts that service's commands.
   */
  int leaderOfCommands(String service) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
      List<TopicPartitionInfo> partitions =
          admin
              .describeTopics(List.of(Topics.COMMANDS))
              .allTopicNames()
              .get(10, TimeUnit.SECONDS)
              .get(Topics.COMMANDS)
              .partitions();
      Node leader =
          partitions.get(ServicePartitioner.partition(service, partitions.size())).leader();
      if (leader == null) {
        throw new IllegalStateException("no broker leads " + service + "'s commands partition");
      }
      return leader.id();
    }
  }

  /** Starts node {@code id} again with the options it first had and waits until it serves. */
  void restart(int id) throws Exception {
    Files.deleteIfExists(bootstrapFile(id));
    ManagedProcess again = owner.own(launch(id, name(id) + "-restarted"));
    synchronized (this) {
      processes.put(id, again);
    }
    Readiness.awaitFile(bootstrapFile(id), again);
  }

  private ManagedProcess launch(int id, String processName) throws Exception {
    return ServiceLauncher.startBroker(root, dir(id), processName, JVM, options.get(id));
  }

  /** Starts with "broker", as the world's single broker: the world stops brokers last. */
  static String name(int id) {
    return "broker-" + id;
  }

  private Path dir(int id) {
    return work.resolve(name(id));
  }

  private Path bootstrapFile(int id) {
    return dir(id).resolve("bootstrap");
  }
}
