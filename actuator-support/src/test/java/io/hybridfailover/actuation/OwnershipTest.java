package io.hybridfailover.actuation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OwnershipTest {

  private static GenericKubernetesResource object(
      Map<String, String> labels, Map<String, String> annotations) {
    GenericKubernetesResource object = new GenericKubernetesResource();
    object.setMetadata(
        new ObjectMetaBuilder().withLabels(labels).withAnnotations(annotations).build());
    return object;
  }

  @Test
  void onlyTheLabelValueTrueOptsIn() {
    assertTrue(
        Ownership.notOptedIn(object(Map.of(Ownership.MANAGED_LABEL, "true"), Map.of()), "x")
            .isEmpty());
    assertEquals(
        "x is not opted in: it needs the label hybrid-failover.io/managed=\"true\" (it is \"yes\")",
        Ownership.notOptedIn(object(Map.of(Ownership.MANAGED_LABEL, "yes"), Map.of()), "x")
            .orElseThrow());
    assertTrue(Ownership.notOptedIn(object(Map.of(), Map.of()), "x").isPresent());
  }

  @Test
  void anUnreadableEpochCountsAsNeverWritten() {
    assertEquals(
        OptionalLong.of(12),
        Ownership.epochOf(object(Map.of(), Map.of(Ownership.EPOCH_ANNOTATION, "12"))));
    assertEquals(
        OptionalLong.empty(),
        Ownership.epochOf(object(Map.of(), Map.of(Ownership.EPOCH_ANNOTATION, "twelve"))));
  }

  @Test
  void stampingKeepsOtherAnnotations() {
    GenericKubernetesResource object = object(Map.of(), Map.of("owner", "alice"));

    Ownership.stamp(object, 3, "cmd-3", Map.of("extra", "1"));

    assertEquals(
        Map.of(
            "owner",
            "alice",
            "extra",
            "1",
            Ownership.EPOCH_ANNOTATION,
            "3",
            Ownership.COMMAND_ID_ANNOTATION,
            "cmd-3"),
        object.getMetadata().getAnnotations());
  }
}
