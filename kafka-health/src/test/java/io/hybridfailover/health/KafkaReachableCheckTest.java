package io.hybridfailover.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

class KafkaReachableCheckTest {

  @Test
  void downNamingTheAddressWhileNoBrokerAnswersThere() throws IOException {
    String address = "127.0.0.1:" + closedPort();
    KafkaReachableCheck check =
        new KafkaReachableCheck(Map.of("bootstrap.servers", address), Duration.ofMillis(300));
    try {
      long begin = System.nanoTime();
      HealthCheckResponse response = check.call();
      long tookMs = (System.nanoTime() - begin) / 1_000_000;

      assertEquals(Status.DOWN, response.getStatus());
      assertEquals(KafkaReachableCheck.NAME, response.getName());
      String reason = (String) response.getData().orElseThrow().get("reason");
      assertTrue(
          reason.startsWith("Kafka not reachable at " + address + " ("), () -> "reason: " + reason);
      assertTrue(tookMs < 5_000, "a call is bounded by its timeout, took " + tookMs + " ms");
    } finally {
      check.close();
    }
  }

  @Test
  void downNamingTheAddressWhenItDoesNotResolve() {
    KafkaReachableCheck check =
        new KafkaReachableCheck(
            Map.of("bootstrap.servers", "kafka.invalid:9092"), Duration.ofMillis(300));
    try {
      HealthCheckResponse response = check.call();

      assertEquals(Status.DOWN, response.getStatus());
      String reason = (String) response.getData().orElseThrow().get("reason");
      assertTrue(
          reason.startsWith("Kafka not reachable at kafka.invalid:9092 ("),
          () -> "reason: " + reason);
    } finally {
      check.close();
    }
  }

  @Test
  void upWithTheBrokersOnceTheBrokerAnswers() {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(1)) {
      KafkaReachableCheck check =
          new KafkaReachableCheck(
              Map.of("bootstrap.servers", kafka.bootstrapServers(), "group.id", "not-for-admin"),
              Duration.ofSeconds(10));
      try {
        HealthCheckResponse response = check.call();

        assertEquals(Status.UP, response.getStatus(), () -> "" + response.getData());
        assertEquals(1L, response.getData().orElseThrow().get("brokers"));
        assertEquals(
            kafka.bootstrapServers(), response.getData().orElseThrow().get("bootstrap.servers"));
      } finally {
        check.close();
      }
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
