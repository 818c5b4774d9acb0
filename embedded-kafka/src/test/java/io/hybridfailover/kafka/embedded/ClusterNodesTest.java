package io.hybridfailover.kafka.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridfailover.events.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three nodes of one cluster, as deploy/kafka runs them: RF 3, min.insync 2, one may die. */
class ClusterNodesTest {

  @TempDir Path dir;

  @Test
  void threeNodesReplicateTheContractTopicsAndServeWithOneDown() throws Exception {
    List<Integer> ports = List.of(freePort(), freePort(), freePort());
    List<Integer> controllers = List.of(freePort(), freePort(), freePort());
    String clusterId = Uuid.randomUuid().toString();
    // Side by side: each returns once all three have registered and the topics exist.
    List<CompletableFuture<EmbeddedKafka>> starting = new ArrayList<>();
    for (int id = 1; id <= 3; id++) {
      EmbeddedKafka.ClusterNode node = new EmbeddedKafka.ClusterNode(id, clusterId, controllers);
      int port = ports.get(id - 1);
      Path logDir = dir.resolve("node-" + id);
      starting.add(
          CompletableFuture.supplyAsync(
              () -> EmbeddedKafka.startClusterNode(3, port, logDir, node)));
    }
    List<EmbeddedKafka> nodes = new ArrayList<>();
    for (CompletableFuture<EmbeddedKafka> node : starting) {
      nodes.add(node.get(180, TimeUnit.SECONDS));
    }
    String bootstrap =
        nodes.stream().map(EmbeddedKafka::bootstrapServers).collect(Collectors.joining(","));
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      for (String topic : List.of(Topics.COMMANDS, Topics.COMMANDS + ".dlq")) {
        TopicDescription described =
            admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topic);
        described
            .partitions()
            .forEach(p -> assertEquals(3, p.replicas().size(), topic + " replicas"));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        String minInSync =
            admin
                .describeConfigs(List.of(resource))
                .all()
                .get(30, TimeUnit.SECONDS)
                .get(resource)
                .get("min.insync.replicas")
                .value();
        assertEquals("2", minInSync, topic + " min.insync.replicas");
      }

      int leader =
          admin
              .describeTopics(List.of(Topics.COMMANDS))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get(Topics.COMMANDS)
              .partitions()
              .get(0)
              .leader()
              .id();
      EmbeddedKafka lost = nodes.remove(leader - 1);
      lost.close();

      // Two of three in sync: a write acknowledged by all in-sync replicas still succeeds.
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrap,
                  ProducerConfig.ACKS_CONFIG,
                  "all"),
              new StringSerializer(),
              new StringSerializer())) {
        producer
            .send(new ProducerRecord<>(Topics.COMMANDS, 0, "k", "after"))
            .get(60, TimeUnit.SECONDS);
      }
      assertEquals(List.of("after"), records(bootstrap));
    } finally {
      // Side by side: a node stopping alone after another has gone waits for a controller quorum
      // (its controlled shutdown gives up only after 5 minutes).
      CompletableFuture.allOf(
              nodes.stream()
                  .map(node -> CompletableFuture.runAsync(() -> closeQuietly(node)))
                  .toArray(CompletableFuture[]::new))
          .get(120, TimeUnit.SECONDS);
    }
  }

  private static void closeQuietly(EmbeddedKafka node) {
    try {
      node.close();
    } catch (RuntimeException alreadyClosed) {
      // the node the test stopped
    }
  }

  private static List<String> records(String bootstrap) {
    return TopicRecords.firstPartition(bootstrap, Topics.COMMANDS);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
