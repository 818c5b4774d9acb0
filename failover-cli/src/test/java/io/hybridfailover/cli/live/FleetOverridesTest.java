package io.hybridfailover.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Outcome;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.TopicClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code --all}: one override for {@code *}, acknowledged by every service the decider knows. */
class FleetOverridesTest {

  private static final List<String> SERVICES = List.of("shop/web", "shop/api", "blog/www");

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void freezeForceAndReleaseAllServicesAreAcknowledgedByEach() throws Exception {
    Cli cli = new Cli(kafka.bootstrapServers());
    try (RunningDecider decider = new RunningDecider(kafka.bootstrapServers(), Cli.DECIDER);
        TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      for (String service : SERVICES) {
        cli.probeUntilKnown(topics, service, Outcome.UP, Outcome.UP);
      }

      Cli.Run freeze = cli.run("freeze", "--all", "--reason", "desktop rewiring", "--as", "alice");
      assertEquals(0, freeze.exit(), freeze.toString());
      assertTrue(freeze.out().contains("FREEZE for all services by alice"), freeze.toString());
      for (String service : SERVICES) {
        assertTrue(freeze.out().contains("  " + service + ": "), freeze.toString());
      }
      Cli.Run status = cli.run("status", "--observations", "0");
      assertEquals(
          SERVICES.size(),
          status.out().lines().filter(l -> l.contains("frozen by alice")).count(),
          status.toString());
      assertTrue(status.out().contains("(--all): desktop rewiring"), status.toString());

      Cli.Run force = cli.run("force", "gke", "--all", "--reason", "move all", "--as", "bob");
      assertEquals(0, force.exit(), force.toString());
      assertEquals(
          SERVICES.size(),
          force
              .out()
              .lines()
              .filter(l -> l.contains("FAILED_OVER epoch 1 desktop=0 gke=100"))
              .count(),
          force.toString());

      Cli.Run release = cli.run("release", "--all", "--reason", "done", "--as", "carol");
      assertEquals(0, release.exit(), release.toString());
      assertEquals(
          SERVICES.size(),
          cli.run("status", "--observations", "0")
              .out()
              .lines()
              .filter(l -> l.endsWith("  auto"))
              .count());
    }
  }
}
