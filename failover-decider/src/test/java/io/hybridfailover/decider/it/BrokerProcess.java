package io.hybridfailover.decider.it;

import io.hybridfailover.events.TopicSpec;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * An Apache Kafka broker (combined KRaft node) in its own process, on fixed loopback ports and a
 * log directory that outlives it, so that it can be stopped and started again as the same broker:
 * what a broker restart is in production. Formatted with {@code kafka.tools.StorageTool}, run by
 * {@code kafka.Kafka}, from the Kafka jars on this test's classpath.
 */
final class BrokerProcess implements AutoCloseable {

  private final Path dir;
  private final int port;
  private final Path properties;
  private Process process;

  private BrokerProcess(Path dir, int port, Path properties) {
    this.dir = dir;
    this.port = port;
    this.properties = properties;
  }

  /** Formats a new broker in {@code dir}, which is emptied first (a rerun starts afresh). */
  static BrokerProcess format(Path dir) throws Exception {
    WorkDir.fresh(dir);
    int port = freePort();
    int controllerPort = freePort();
    Path properties = dir.resolve("server.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@localhost:" + controllerPort,
            "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
            "advertised.listeners=PLAINTEXT://localhost:" + port,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + dir.resolve("data").toAbsolutePath(),
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=3",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            // As deploy/kafka and the embedded broker: the decider's 2 s session is allowed, and a
            // killed producer's open transaction is aborted within a second of its timeout.
            "group.min.session.timeout.ms=2000",
            "transaction.abort.timed.out.transaction.cleanup.interval.ms=1000",
            "auto.create.topics.enable=false",
            "num.partitions=3",
            ""));
    Process format =
        java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid(), "-c", properties)
            .redirectOutput(dir.resolve("format.log").toFile())
            .redirectErrorStream(true)
            .start();
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      throw new IllegalStateException("kafka storage format failed; see " + dir);
    }
    return new BrokerProcess(dir, port, properties);
  }

  String bootstrapServers() {
    return "localhost:" + port;
  }

  /** Starts (or starts again) the broker and waits until it answers. */
  void start() throws Exception {
    process =
        java("kafka.Kafka", properties)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()))
            .redirectErrorStream(true)
            .start();
    try (Admin admin = admin()) {
      admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
    }
  }

  /** Creates the contract's topics, as the embedded broker does. */
  void createContractTopics() throws Exception {
    List<TopicSpec> specs = EmbeddedKafka.topics();
    try (Admin admin = admin()) {
      admin
          .createTopics(
              specs.stream()
                  .map(
                      spec ->
                          new NewTopic(spec.name(), EmbeddedKafka.DEFAULT_PARTITIONS, (short) 1)
                              .configs(spec.kafkaConfigs()))
                  .toList())
          .all()
          .get(60, TimeUnit.SECONDS);
    }
  }

  /** A clean stop (SIGTERM: the broker flushes and closes its logs). */
  void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    process = null;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  private Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            60_000));
  }

  private static ProcessBuilder java(String mainClass, Object... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
    for (Object arg : args) {
      command.add(arg.toString());
    }
    return new ProcessBuilder(command);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
