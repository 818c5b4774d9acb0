package io.hybridfailover.kafka.embedded;

import io.hybridfailover.events.TopicSpec;
import io.hybridfailover.events.Topics;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Apache Kafka broker (one combined KRaft broker+controller node) running in this JVM, on a
 * free loopback port, with a fresh log directory that is deleted on {@link #close()}. On start it
 * creates every topic of the event contract and its dead-letter topic with the contract's settings,
 * so tests and the local run see the same topics as production.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(EmbeddedKafka.class.getName());

  /** Partitions per topic: more than one, so code that silently assumes a single one fails here. */
  public static final int DEFAULT_PARTITIONS = 3;

  private final KafkaClusterTestKit cluster;
  private final Duration startupTime;

  private EmbeddedKafka(KafkaClusterTestKit cluster, Duration startupTime) {
    this.cluster = cluster;
    this.startupTime = startupTime;
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
      cluster =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .build())
              // A single node: every internal topic must live with replication factor 1.
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("offsets.topic.num.partitions", "3")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
              .setConfigProp("share.coordinator.state.topic.min.isr", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .setConfigProp("auto.create.topics.enable", "false")
              .setConfigProp("num.partitions", Integer.toString(partitions))
              .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      createContractTopics(cluster.bootstrapServers(), partitions);
    } catch (Exception e) {
      closeQuietly(cluster);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("embedded Kafka broker failed to start: " + e, e);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    LOG.log(
        Level.INFO,
        "Embedded Kafka {0} (KRaft) started on {1} in {2} ms",
        kafkaVersion(),
        cluster.bootstrapServers(),
        took.toMillis());
    return new EmbeddedKafka(cluster, took);
  }

  /** The address clients use, e.g. {@code localhost:40123}. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
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
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("embedded Kafka broker failed to stop: " + e, e);
    }
  }

  private static void createContractTopics(String bootstrap, int partitions) throws Exception {
    List<NewTopic> newTopics = new ArrayList<>();
    for (TopicSpec spec : topics()) {
      newTopics.add(new NewTopic(spec.name(), partitions, (short) 1).configs(spec.kafkaConfigs()));
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
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
