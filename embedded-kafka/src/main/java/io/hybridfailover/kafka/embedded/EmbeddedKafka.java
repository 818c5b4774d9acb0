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
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
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
      singleNodeSettings(partitions).forEach(builder::setConfigProp);
      cluster = builder.build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      createMissingContractTopics(cluster.bootstrapServers(), partitions);
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
    if (partitions < 1 || port < 1) {
      throw new IllegalArgumentException(
          "partitions and port must be >= 1 but were " + partitions + " and " + port);
    }
    long begin = System.nanoTime();
    String bootstrap = "127.0.0.1:" + port;
    KafkaRaftServer server = null;
    try {
      Files.createDirectories(logDir);
      KafkaConfig config = durableConfig(partitions, port, logDir, second);
      formatIfNew(config, logDir);
      server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
      createMissingContractTopics(bootstrap, partitions);
    } catch (Exception e) {
      if (server != null) {
        server.shutdown();
      }
      throw failedToStart(e);
    }
    KafkaRaftServer running = server;
    return started(
        bootstrap,
        " with its data in " + logDir,
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

  /** What both kinds of node are told: a single node, so replication factor 1 everywhere. */
  private static Map<String, String> singleNodeSettings(int partitions) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("offsets.topic.replication.factor", "1");
    settings.put("offsets.topic.num.partitions", "3");
    settings.put("transaction.state.log.replication.factor", "1");
    settings.put("transaction.state.log.min.isr", "1");
    settings.put("share.coordinator.state.topic.replication.factor", "1");
    settings.put("share.coordinator.state.topic.min.isr", "1");
    settings.put("group.initial.rebalance.delay.ms", "0");
    settings.put("auto.create.topics.enable", "false");
    settings.put("num.partitions", Integer.toString(partitions));
    return settings;
  }

  private static KafkaConfig durableConfig(
      int partitions, int port, Path logDir, Optional<SecondListener> second) {
    // The controller's port may change from one start to the next: with a static voter set
    // (kraft.version 0) it is read from this configuration each time, never from the log.
    int controllerPort = freePort();
    Map<String, String> props = new LinkedHashMap<>(singleNodeSettings(partitions));
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
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
    props.put("broker.heartbeat.interval.ms", "500");
    props.put("broker.session.timeout.ms", "2000");
    // The log cleaner's default 128 MiB dedupe buffer, for a handful of compacted topics.
    props.put("log.cleaner.dedupe.buffer.size", "2097152");
    return new KafkaConfig(props, false);
  }

  /** {@code kafka-storage.sh format --ignore-formatted}: a new directory gets a new cluster id. */
  private static void formatIfNew(KafkaConfig config, Path logDir) throws Exception {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    new Formatter()
        .setPrintStream(new PrintStream(System.out, true))
        .setNodeId(config.nodeId())
        .setClusterId(Uuid.randomUuid().toString())
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

  /** The contract's topics that do not exist yet: on a restarted broker, none. */
  private static void createMissingContractTopics(String bootstrap, int partitions)
      throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      List<NewTopic> newTopics = new ArrayList<>();
      for (TopicSpec spec : topics()) {
        if (!existing.contains(spec.name())) {
          newTopics.add(
              new NewTopic(spec.name(), partitions, (short) 1).configs(spec.kafkaConfigs()));
        }
      }
      admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
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
