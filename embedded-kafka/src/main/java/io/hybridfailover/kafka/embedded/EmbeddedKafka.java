package io.hybridfailover.kafka.embedded;

import io.hybridfailover.events.TopicSpec;
import io.hybridfailover.events.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka broker (one combined KRaft broker+controller node) running in this JVM, on a
 * free loopback port, with a fresh log directory that is deleted on {@link #close()}. On start it
 * creates every topic of the event contract and its dead-letter topic with the contract's settings,
 * so tests and the local run see the same topics as production.
 *
 * <p>{@link #startDurable} starts one on a fixed port with a log directory that outlives it:
 * started again on that directory (after a crash too) it is the same cluster, with its topics and
 * records, as a restarted production broker is. That one runs Kafka's own {@code KafkaRaftServer},
 * formatted as {@code kafka-storage.sh format --ignore-formatted} does.
 *
 * <p>{@link #startClusterNode} starts one node of a cluster of several (three, as production runs),
 * each its own {@code KafkaRaftServer}, so that one can be killed while the others serve: the
 * contract topics are then replicated on up to three nodes with {@code min.insync.replicas} 2, as
 * deploy/kafka sets them.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(EmbeddedKafka.class.getName());

  /** Partitions per topic: more than one, so code that silently assumes a single one fails here. */
  public static final int DEFAULT_PARTITIONS = 3;

  /** The listener a second, proxied address is advertised on (see {@link SecondListener}). */
  public static final String SECOND_LISTENER = "SECOND";

  private final String bootstrapServers;
  private final AutoCloseable stop;
  private final Duration startupTime;

  private EmbeddedKafka(String bootstrapServers, AutoCloseable stop, Duration startupTime) {
    this.bootstrapServers = bootstrapServers;
    this.stop = stop;
    this.startupTime = startupTime;
  }

  /**
   * A second client listener on its own loopback {@code port} that tells clients to come back at
   * {@code advertised} ({@code host:port}): clients bootstrapped through a proxy in front of this
   * port then keep talking through the proxy, since a broker answers each connection with the
   * addresses of the listener it arrived on.
   */
  public record SecondListener(int port, String advertised) {}

  /**
   * One node of a cluster of {@code controllerPorts.size()} combined nodes, numbered from 1: node
   * {@code i}'s controller listens on {@code controllerPorts.get(i - 1)}. Every node of a cluster
   * is given the same {@code clusterId} and ports (a static voter set).
   */
  public record ClusterNode(int nodeId, String clusterId, List<Integer> controllerPorts) {

    public ClusterNode {
      controllerPorts = List.copyOf(controllerPorts);
      if (nodeId < 1 || nodeId > controllerPorts.size()) {
        throw new IllegalArgumentException(
            "node id must be between 1 and " + controllerPorts.size() + " but was " + nodeId);
      }
      if (clusterId == null || clusterId.isBlank()) {
        throw new IllegalArgumentException("a cluster node needs the cluster's id");
      }
    }

    /** How many nodes the cluster has. */
    public int size() {
      return controllerPorts.size();
    }

    int controllerPort() {
      return controllerPorts.get(nodeId - 1);
    }

    /** {@code controller.quorum.voters}: {@code 1@127.0.0.1:p1,2@127.0.0.1:p2,...}. */
    String voters() {
      List<String> voters = new ArrayList<>();
      for (int i = 0; i < controllerPorts.size(); i++) {
        voters.add((i + 1) + "@127.0.0.1:" + controllerPorts.get(i));
      }
      return String.join(",", voters);
    }
  }

  /** Starts a broker and creates the contract's topics, with {@link #DEFAULT_PARTITIONS}. */
  public static EmbeddedKafka start() {
    return start(DEFAULT_PARTITIONS);
  }

  /** Starts a broker and creates the contract's topics with the given number of partitions. */
  public static EmbeddedKafka start(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1 but was " + partitions);
    }
    long begin = System.nanoTime();
    KafkaClusterTestKit cluster = null;
    try {
      KafkaClusterTestKit.Builder builder =
          new KafkaClusterTestKit.Builder(
              new TestKitNodes.Builder()
                  .setCombined(true)
                  .setNumBrokerNodes(1)
                  .setNumControllerNodes(1)
                  .build());
      brokerSettings(partitions, 1).forEach(builder::setConfigProp);
      cluster = builder.build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      createMissingContractTopics(cluster.bootstrapServers(), partitions, 1);
    } catch (Exception e) {
      closeQuietly(cluster);
      throw failedToStart(e);
    }
    return started(cluster.bootstrapServers(), "", cluster, begin);
  }

  /**
   * Starts a broker listening on {@code 127.0.0.1:port} that keeps its data in {@code logDir}:
   * formats the directory if it is new (a new cluster id), or starts on what is there (same cluster
   * id, topics and records), then creates the contract topics that do not exist yet. Closing it
   * stops the broker and keeps the directory.
   *
   * @param second a second client listener, advertised at another address (a proxy's)
   */
  public static EmbeddedKafka startDurable(
      int partitions, int port, Path logDir, Optional<SecondListener> second) {
    return startNode(partitions, port, logDir, second, Optional.empty());
  }

  /**
   * Starts node {@code node.nodeId()} of a cluster on {@code 127.0.0.1:port} with its data in
   * {@code logDir}, as {@link #startDurable} does for a single node. It returns once every node of
   * the cluster has registered and the contract topics exist, replicated on {@code min(3, nodes)}
   * nodes with {@code min.insync.replicas} 2 (with three or more nodes): start the nodes side by
   * side. Each node's {@link #bootstrapServers()} is its own address only; clients list them all.
   */
  public static EmbeddedKafka startClusterNode(
      int partitions, int port, Path logDir, ClusterNode node) {
    return startNode(partitions, port, logDir, Optional.empty(), Optional.of(node));
  }

  private static EmbeddedKafka startNode(
      int partitions,
      int port,
      Path logDir,
      Optional<SecondListener> second,
      Optional<ClusterNode> node) {
    if (partitions < 1 || port < 1) {
      throw new IllegalArgumentException(
          "partitions and port must be >= 1 but were " + partitions + " and " + port);
    }
    long begin = System.nanoTime();
    String bootstrap = "127.0.0.1:" + port;
    int nodes = node.map(ClusterNode::size).orElse(1);
    KafkaRaftServer server = null;
    try {
      Files.createDirectories(logDir);
      KafkaConfig config = durableConfig(partitions, port, logDir, second, node);
      formatIfNew(
          config, logDir, node.map(ClusterNode::clusterId).orElseGet(Uuid.randomUuid()::toString));
      server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
      createMissingContractTopics(bootstrap, partitions, nodes);
    } catch (Exception e) {
      if (server != null) {
        server.shutdown();
      }
      throw failedToStart(e);
    }
    KafkaRaftServer running = server;
    return started(
        bootstrap,
        node.map(n -> " as node " + n.nodeId() + " of " + n.size()).orElse("")
            + " with its data in "
            + logDir,
        () -> {
          running.shutdown();
          running.awaitShutdown();
        },
        begin);
  }

  private static IllegalStateException failedToStart(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new IllegalStateException("embedded Kafka broker failed to start: " + e, e);
  }

  private static EmbeddedKafka started(
      String bootstrap, String where, AutoCloseable stop, long begin) {
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    LOG.log(
        Level.INFO,
        "Embedded Kafka {0} (KRaft) started on {1}{2} in {3} ms",
        kafkaVersion(),
        bootstrap,
        where,
        took.toMillis());
    return new EmbeddedKafka(bootstrap, stop, took);
  }

  /**
   * What every node is told: replication on {@code min(3, nodes)} of {@code nodes} nodes, writes
   * acknowledged by two of three (as deploy/kafka), and the broker side of a quick hand-over.
   */
  private static Map<String, String> brokerSettings(int partitions, int nodes) {
    String replicas = Integer.toString(replicationFactor(nodes));
    String minInSync = Integer.toString(minInSyncReplicas(nodes));
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("default.replication.factor", replicas);
    settings.put("min.insync.replicas", minInSync);
    settings.put("offsets.topic.replication.factor", replicas);
    settings.put("offsets.topic.num.partitions", "3");
    settings.put("transaction.state.log.replication.factor", replicas);
    settings.put("transaction.state.log.min.isr", minInSync);
    settings.put("share.coordinator.state.topic.replication.factor", replicas);
    settings.put("share.coordinator.state.topic.min.isr", minInSync);
    settings.put("group.initial.rebalance.delay.ms", "0");
    settings.put("auto.create.topics.enable", "false");
    settings.put("num.partitions", Integer.toString(partitions));
    // As deploy/kafka: a killed producer's open transaction is aborted within a second of its
    // transaction.timeout.ms (the default check runs every 10 s, and until it aborts, no
    // read_committed reader sees what was written after it), and a consumer group may use a
    // session shorter than 6 s (failover-decider's README, "Hand-over").
    settings.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
    settings.put("group.min.session.timeout.ms", "2000");
    return settings;
  }

  /** Replicas of each partition: every node, up to three (deploy/kafka's replication factor). */
  static int replicationFactor(int nodes) {
    return Math.min(3, nodes);
  }

  /** Two of three replicas acknowledge a write; with fewer nodes, one. */
  static int minInSyncReplicas(int nodes) {
    return nodes >= 3 ? 2 : 1;
  }

  private static KafkaConfig durableConfig(
      int partitions,
      int port,
      Path logDir,
      Optional<SecondListener> second,
      Optional<ClusterNode> node) {
    // The controller's port may change from one start to the next: with a static voter set
    // (kraft.version 0) it is read from this configuration each time, never from the log.
    int controllerPort = node.map(ClusterNode::controllerPort).orElseGet(EmbeddedKafka::freePort);
    Map<String, String> props =
        new LinkedHashMap<>(brokerSettings(partitions, node.map(ClusterNode::size).orElse(1)));
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(node.map(ClusterNode::nodeId).orElse(1)));
    props.put(
        "controller.quorum.voters",
        node.map(ClusterNode::voters).orElse("1@127.0.0.1:" + controllerPort));
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    String listeners =
        "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort;
    String advertised = "PLAINTEXT://127.0.0.1:" + port;
    String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
    if (second.isPresent()) {
      listeners += "," + SECOND_LISTENER + "://127.0.0.1:" + second.get().port();
      advertised += "," + SECOND_LISTENER + "://" + second.get().advertised();
      protocols += "," + SECOND_LISTENER + ":PLAINTEXT";
    }
    props.put("listeners", listeners);
    props.put("advertised.listeners", advertised);
    props.put("listener.security.protocol.map", protocols);
    props.put("log.dirs", logDir.toString());
    // Started again after a SIGKILL, the node finds its own old registration, and registers only
    // once the controller has timed that session out (9 s by default): 2 s keeps restarts short.
    // In a cluster the same session decides when a killed node's partitions get new leaders, but
    // its controllers replicate every heartbeat: measured here under load, controller events took
    // 2-2.7 s and healthy nodes were fenced at 2 s. 4 s, beating every second.
    boolean cluster = node.map(ClusterNode::size).orElse(1) > 1;
    props.put("broker.heartbeat.interval.ms", cluster ? "1000" : "500");
    props.put("broker.session.timeout.ms", cluster ? "4000" : "2000");
    if (cluster) {
      // Three nodes starting side by side beside other builds: a node gave up after the default
      // 60 s without a controller quorum to register with, and the cluster never formed.
      props.put("initial.broker.registration.timeout.ms", "300000");
    }
    // The log cleaner's default 128 MiB dedupe buffer, for a handful of compacted topics.
    props.put("log.cleaner.dedupe.buffer.size", "2097152");
    return new KafkaConfig(props, false);
  }

  /** {@code kafka-storage.sh format --ignore-formatted}: a new directory gets a new cluster id. */
  private static void formatIfNew(KafkaConfig config, Path logDir, String clusterId)
      throws Exception {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    new Formatter()
        .setPrintStream(new PrintStream(System.out, true))
        .setNodeId(config.nodeId())
        .setClusterId(clusterId)
        .setIgnoreFormatted(true)
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .setControllerListenerName("CONTROLLER")
        .setMetadataLogDirectory(logDir.toString())
        .addDirectory(logDir.toString())
        .run();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** The address clients use, e.g. {@code localhost:40123}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** How long {@link #start()} took, topics included. */
  public Duration startupTime() {
    return startupTime;
  }

  /** An admin client on this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  /**
   * Lets producers set the record timestamps of the contract's topics ({@code CreateTime}) instead
   * of the broker's clock ({@code LogAppendTime}, as the contract sets them): for tests that write
   * an incident at chosen times in the past.
   */
  public void useProducerTimestamps() {
    Map<ConfigResource, java.util.Collection<AlterConfigOp>> createTime = new LinkedHashMap<>();
    for (TopicSpec spec : Topics.contractTopics()) {
      createTime.put(
          new ConfigResource(ConfigResource.Type.TOPIC, spec.name()),
          List.of(
              new AlterConfigOp(
                  new ConfigEntry("message.timestamp.type", "CreateTime"),
                  AlterConfigOp.OpType.SET)));
    }
    try (Admin admin = admin()) {
      admin.incrementalAlterConfigs(createTime).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot set CreateTime on the contract topics: " + e, e);
    }
  }

  /** Every topic created on start: the contract's topics followed by their dead-letter topics. */
  public static List<TopicSpec> topics() {
    List<TopicSpec> all = new ArrayList<>(Topics.contractTopics());
    all.addAll(Topics.deadLetterTopics());
    return List.copyOf(all);
  }

  @Override
  public void close() {
    try {
      stop.close();
    } catch (Exception e) {
      throw new IllegalStateException("embedded Kafka broker failed to stop: " + e, e);
    }
  }

  /**
   * Creates the contract's topics that do not exist yet (on a restarted broker, none), replicated
   * on {@code min(3, nodes)} nodes, once that many have registered. Nodes of one cluster started
   * side by side all try: a topic another node created meanwhile is fine.
   */
  private static void createMissingContractTopics(String bootstrap, int partitions, int nodes)
      throws Exception {
    int replicas = replicationFactor(nodes);
    Map<String, String> minInSync =
        Map.of("min.insync.replicas", Integer.toString(minInSyncReplicas(nodes)));
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      awaitRegistered(admin, nodes);
      Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      List<NewTopic> newTopics = new ArrayList<>();
      for (TopicSpec spec : topics()) {
        if (!existing.contains(spec.name())) {
          Map<String, String> configs = new LinkedHashMap<>(spec.kafkaConfigs());
          configs.putAll(minInSync);
          newTopics.add(new NewTopic(spec.name(), partitions, (short) replicas).configs(configs));
        }
      }
      for (Map.Entry<String, KafkaFuture<Void>> created :
          admin.createTopics(newTopics).values().entrySet()) {
        try {
          created.getValue().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
  }

  /** Until {@code nodes} brokers are registered (the others of a cluster may start later). */
  private static void awaitRegistered(Admin admin, int nodes) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size() < nodes) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("fewer than " + nodes + " brokers registered within 120 s");
      }
      Thread.sleep(200);
    }
  }

  private static String kafkaVersion() {
    return org.apache.kafka.common.utils.AppInfoParser.getVersion();
  }

  private static void closeQuietly(KafkaClusterTestKit cluster) {
    if (cluster == null) {
      return;
    }
    try {
      cluster.close();
    } catch (Exception suppressed) {
      LOG.log(Level.WARNING, "could not stop a half-started broker", suppressed);
    }
  }
}
