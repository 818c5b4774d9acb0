package io.hybridfailover.prober.karmada;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterSignalTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:15:03.120Z");
  private static final Instant LATER = NOW.plusSeconds(10);

  private final ClusterSignal signal =
      new ClusterSignal("prober-a", Map.of("k3s-home", Cluster.DESKTOP, "gke", Cluster.GKE));

  @Test
  void aReadyClusterIsUp() {
    Observation observation =
        signal
            .seen("k3s-home", status("True", "ClusterReady", "cluster is ready"), NOW)
            .orElseThrow();

    assertEquals("*", observation.service());
    assertEquals(Cluster.DESKTOP, observation.cluster());
    assertEquals(Check.KARMADA_CLUSTER, observation.check());
    assertEquals("prober-a", observation.prober());
    assertEquals(Outcome.UP, observation.outcome());
    assertEquals(0, observation.latencyMs());
    assertEquals("Ready=True (ClusterReady: cluster is ready)", observation.detail());
    assertEquals("cluster.karmada.io/v1alpha1 Cluster k3s-home", observation.target());
    assertEquals(NOW, observation.observedAt());
  }

  @Test
  void onlyAChangeOfTheReadyConditionIsPublished() {
    signal.seen("gke", status("True", "ClusterReady", "ready"), NOW);

    assertEquals(
        Optional.empty(), signal.seen("gke", status("True", "ClusterReady", "still ready"), NOW));

    Observation down =
        signal
            .seen("gke", status("False", "ClusterNotReachable", "cluster is not reachable"), LATER)
            .orElseThrow();
    assertEquals(Outcome.DOWN, down.outcome());
    assertEquals("Ready=False (ClusterNotReachable: cluster is not reachable)", down.detail());
  }

  @Test
  void unknownOrMissingReadyIsDown() {
    assertEquals(
        Outcome.DOWN,
        signal.seen("gke", status("Unknown", null, null), NOW).orElseThrow().outcome());
    Observation none = signal.seen("k3s-home", Map.of(), NOW).orElseThrow();
    assertEquals(Outcome.DOWN, none.outcome());
    assertEquals("no Ready condition", none.detail());
    assertEquals(new ReadyCondition(null, null, null), ReadyCondition.of(null));
  }

  @Test
  void clustersThatAreNotOursAreIgnored() {
    assertEquals(Optional.empty(), signal.seen("edge-1", status("False", null, null), NOW));
    assertEquals(List.of(), signal.current(NOW));
  }

  @Test
  void theCurrentStateIsObservedAgainOnDemand() {
    signal.seen("k3s-home", status("False", "ClusterNotReachable", null), NOW);
    signal.seen("gke", status("True", null, null), NOW);

    List<Observation> again = signal.current(LATER);

    assertEquals(2, again.size());
    assertTrue(again.stream().allMatch(o -> o.observedAt().equals(LATER)));
    assertEquals(
        Map.of(Cluster.DESKTOP, Outcome.DOWN, Cluster.GKE, Outcome.UP),
        Map.of(
            again.get(0).cluster(), again.get(0).outcome(),
            again.get(1).cluster(), again.get(1).outcome()));
  }

  @Test
  void aDeletedClusterIsDownOnceAndThenForgotten() {
    signal.seen("gke", status("True", null, null), NOW);

    Observation deleted = signal.deleted("gke", LATER).orElseThrow();

    assertEquals(Outcome.DOWN, deleted.outcome());
    assertEquals("Cluster object deleted", deleted.detail());
    assertEquals(Optional.empty(), signal.deleted("gke", LATER));
    assertEquals(List.of(), signal.current(LATER));
  }

  static Map<String, Object> status(String ready, String reason, String message) {
    Map<String, Object> condition = new java.util.HashMap<>();
    condition.put("type", "Ready");
    condition.put("status", ready);
    condition.put("reason", reason);
    condition.put("message", message);
    return Map.of(
        "conditions",
        List.of(Map.of("type", "CompleteAPIEnablements", "status", "True"), condition));
  }
}
