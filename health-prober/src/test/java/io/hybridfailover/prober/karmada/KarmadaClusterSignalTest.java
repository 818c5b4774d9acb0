package io.hybridfailover.prober.karmada;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.EmbeddedKafkaTestResource;
import io.hybridfailover.kafka.embedded.TopicClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Karmada Cluster objects in the fabric8 mock API server (CRUD mode): their Ready condition reaches
 * the topic as {@code karmada-cluster} observations, on creation and on every flip.
 */
@QuarkusTest
@TestProfile(KarmadaClusterSignalTest.KarmadaEnabled.class)
@WithKubernetesTestServer(crud = true)
@WithTestResource(EmbeddedKafkaTestResource.class)
class KarmadaClusterSignalTest {

  /** Watches Karmada; the desktop's member cluster has a name of its own. */
  public static class KarmadaEnabled implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "hybrid.prober.karmada.enabled", "true",
          "hybrid.prober.karmada.cluster-names.desktop", "k3s-home",
          "hybrid.prober.karmada.republish-interval", "1s");
    }
  }

  @KubernetesTestServer KubernetesServer server;

  EmbeddedKafka kafka;

  @Test
  void eachChangeOfReadyIsObservedForItsCluster() {
    KubernetesClient karmada = server.getClient();
    karmada
        .genericKubernetesResources(KarmadaClusterWatcher.CLUSTERS)
        .resource(cluster("True"))
        .create();

    Observation up = awaitObservation(Outcome.UP, "Ready=True (ClusterReady: cluster is healthy)");
    assertEquals("*", up.service());
    assertEquals(Check.KARMADA_CLUSTER, up.check());
    assertEquals("cluster.karmada.io/v1alpha1 Cluster k3s-home", up.target());
    // Nothing changes, yet the state is published again: alerting can tell quiet from gone.
    awaitObservationAfter(Outcome.UP, Outcome.UP);

    karmada
        .genericKubernetesResources(KarmadaClusterWatcher.CLUSTERS)
        .resource(cluster("False"))
        .update();

    awaitObservation(Outcome.DOWN, "Ready=False (ClusterNotReachable: cluster is not reachable)");

    karmada
        .genericKubernetesResources(KarmadaClusterWatcher.CLUSTERS)
        .resource(cluster("True"))
        .update();

    awaitObservationAfter(Outcome.DOWN, Outcome.UP);
  }

  private static GenericKubernetesResource cluster(String ready) {
    boolean isReady = "True".equals(ready);
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("cluster.karmada.io/v1alpha1")
        .withKind("Cluster")
        .withNewMetadata()
        .withName("k3s-home")
        .endMetadata()
        .addToAdditionalProperties("spec", Map.of("syncMode", "Push"))
        .addToAdditionalProperties(
            "status",
            Map.of(
                "conditions",
                List.of(
                    Map.of(
                        "type",
                        "Ready",
                        "status",
                        ready,
                        "reason",
                        isReady ? "ClusterReady" : "ClusterNotReachable",
                        "message",
                        isReady ? "cluster is healthy" : "cluster is not reachable"))))
        .build();
  }

  private Observation awaitObservation(Outcome outcome, String detail) {
    try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      ConsumerRecord<String, Event<?>> record =
          topics
              .awaitRecord(
                  List.of(Topics.OBSERVATIONS),
                  new EventDeserializer(),
                  r ->
                      r.value().data() instanceof Observation o
                          && o.outcome() == outcome
                          && detail.equals(o.detail()),
                  Duration.ofSeconds(30))
              .orElseThrow(() -> new AssertionError("no " + outcome + " observation: " + detail));
      assertEquals("*@desktop", record.key());
      return (Observation) record.value().data();
    }
  }

  /** An observation {@code second} published after one {@code first}, on the desktop's key. */
  private void awaitObservationAfter(Outcome first, Outcome second) {
    try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      List<ConsumerRecord<String, Event<?>>> read =
          topics.readUntil(
              List.of(Topics.OBSERVATIONS),
              new EventDeserializer(),
              records -> seenInOrder(records, first, second),
              Duration.ofSeconds(30));
      assertEquals(true, seenInOrder(read, first, second), "no " + first + " then " + second);
    }
  }

  private static boolean seenInOrder(
      List<ConsumerRecord<String, Event<?>>> records, Outcome first, Outcome second) {
    boolean sawFirst = false;
    for (ConsumerRecord<String, Event<?>> record : records) {
      if ("*@desktop".equals(record.key())) {
        Outcome outcome = ((Observation) record.value().data()).outcome();
        if (sawFirst && outcome == second) {
          return true;
        }
        sawFirst |= outcome == first;
      }
    }
    return false;
  }
}
