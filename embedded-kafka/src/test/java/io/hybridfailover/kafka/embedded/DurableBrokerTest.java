package io.hybridfailover.kafka.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridfailover.events.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable broker: a fixed port, a log directory that outlives it, a second listener. */
class DurableBrokerTest {

  @TempDir Path logDir;

  @Test
  void startedAgainOnItsDirectoryItIsTheSameClusterWithItsRecordsAndSecondListener()
      throws Exception {
    int port = freePort();
    int second = freePort();
    // Advertised as itself: what matters is that each listener answers with its own address.
    Optional<EmbeddedKafka.SecondListener> listener =
        Optional.of(new EmbeddedKafka.SecondListener(second, "127.0.0.1:" + second));
    String clusterId;
    try (EmbeddedKafka kafka = EmbeddedKafka.startDurable(3, port, logDir, listener)) {
      assertEquals("127.0.0.1:" + port, kafka.bootstrapServers());
      clusterId = clusterId(kafka.bootstrapServers());
      assertEquals(List.of("127.0.0.1:" + port), nodes(kafka.bootstrapServers()));
      assertEquals(List.of("127.0.0.1:" + second), nodes("127.0.0.1:" + second));
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
              new StringSerializer(),
              new StringSerializer())) {
        producer.send(new ProducerRecord<>(Topics.OBSERVATIONS, 0, "k", "kept")).get();
      }
    }

    try (EmbeddedKafka again = EmbeddedKafka.startDurable(3, port, logDir, listener)) {
      assertEquals(clusterId, clusterId(again.bootstrapServers()), "meta.properties kept");
      assertEquals(List.of("127.0.0.1:" + second), nodes("127.0.0.1:" + second));
      assertEquals(List.of("kept"), records(again.bootstrapServers()), "topics not re-created");
    }
  }

  private static String clusterId(String bootstrap) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
    }
  }

  /** The broker addresses the listener at {@code bootstrap} tells clients. */
  private static List<String> nodes(String bootstrap) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
          .map(node -> node.host() + ":" + node.port())
          .toList();
    }
  }

  private static List<String> records(String bootstrap) {
    return TopicRecords.firstPartition(bootstrap, Topics.OBSERVATIONS);
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
