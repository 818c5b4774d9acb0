package io.hybridfailover.cli.live;

import static org.awaitility.Awaitility.await;

import io.hybridfailover.cli.HybridCommand;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.kafka.embedded.TopicClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code bin/hybrid} in-process against the test's broker, and plays a prober. */
final class Cli {

  /** Fast verdicts for tests: one prober, one observation decides. */
  static final Map<String, String> DECIDER =
      Map.of(
          "hybrid.decider.expected-probers", "1",
          "hybrid.decider.fall", "1",
          "hybrid.decider.rise", "1",
          "hybrid.decider.failback-delay", "2s",
          "hybrid.decider.failback-step-interval", "1s",
          "hybrid.decider.drain", "1s");

  /** What one run printed and returned. */
  record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  private final String bootstrap;

  Cli(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new HybridCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args));
    all.add(1, "--bootstrap");
    all.add(2, bootstrap);
    int exit = commandLine.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  /** One probe of each cluster by prober-a, observed now. */
  static void probe(TopicClient topics, String service, Outcome desktop, Outcome gke) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    topics.send(observation(service, Cluster.DESKTOP, desktop, now));
    topics.send(observation(service, Cluster.GKE, gke, now));
  }

  static Event<Observation> observation(
      String service, Cluster cluster, Outcome outcome, Instant at) {
    return Event.of(
        "/health-prober/prober-a",
        new Observation(
            service,
            cluster,
            Check.HTTP,
            "prober-a",
            outcome,
            5,
            null,
            "http://" + cluster.wireName() + ".example/healthz",
            at));
  }

  /** Probes until {@code hybrid status SERVICE} knows the service (at most 30 s). */
  void probeUntilKnown(TopicClient topics, String service, Outcome desktop, Outcome gke) {
    await()
        .alias(service + " reached the state topic")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              probe(topics, service, desktop, gke);
              return run("status", service, "--observations", "0").exit() == 0;
            });
  }
}
