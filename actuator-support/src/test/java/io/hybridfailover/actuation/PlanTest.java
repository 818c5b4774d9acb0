package io.hybridfailover.actuation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hybridfailover.events.ActuationOutcome;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fence and the resource's epoch every result carries, for any kind. */
class PlanTest {

  private static final Target TARGET =
      new Target() {
        @Override
        public String service() {
          return "shop/web";
        }

        @Override
        public ResourceDefinitionContext definition() {
          return new ResourceDefinitionContext.Builder()
              .withGroup("example.io")
              .withVersion("v1")
              .withKind("Thing")
              .withPlural("things")
              .withNamespaced(true)
              .build();
        }

        @Override
        public String namespace() {
          return "shop";
        }

        @Override
        public String name() {
          return "web";
        }
      };

  /** A kind whose desired object sets {@code spec.value}. */
  private static final DesiredObject<Target, Integer> VALUE =
      new DesiredObject<>() {
        @Override
        public Optional<String> desire(
            GenericKubernetesResource desired, Target target, Integer asked) {
          desired.getAdditionalProperties().put("spec", new HashMap<>(Map.of("value", asked)));
          return Optional.empty();
        }

        @Override
        public String state(GenericKubernetesResource object, Target target, Integer asked) {
          return "value " + JsonMaps.map(object, "spec").get("value");
        }

        @Override
        public String change(
            GenericKubernetesResource current,
            GenericKubernetesResource desired,
            Target target,
            Integer asked) {
          return state(desired, target, asked) + " (was " + state(current, target, asked) + ")";
        }
      };

  @Test
  void aNewerEpochOnTheObject_isStaleAndSaysWhichEpochItCarries() {
    Plan plan = Plan.of(object("13", 1), TARGET, 2, 12, "cmd-12", VALUE);

    assertEquals(ActuationOutcome.STALE, plan.outcome());
    assertEquals(13L, plan.resourceEpoch());
    assertNull(plan.desired());
  }

  @Test
  void anObjectNeverWritten_carriesEpochZero() {
    Plan plan = Plan.of(object(null, 1), TARGET, 2, 12, "cmd-12", VALUE);

    assertEquals(ActuationOutcome.APPLIED, plan.outcome());
    assertEquals("value 2 (was value 1)", plan.detail());
    assertEquals(0L, plan.resourceEpoch());
    assertEquals(
        "12", plan.desired().getMetadata().getAnnotations().get(Ownership.EPOCH_ANNOTATION));
  }

  /**
   * The object to write is the one read (or watched), changed: it keeps that copy's
   * resourceVersion, so the API server refuses the write (409) if the object changed since.
   */
  @Test
  void theObjectToWrite_keepsTheResourceVersionItWasPlannedFrom() {
    GenericKubernetesResource read = object(null, 1);
    read.getMetadata().setResourceVersion("4711");

    Plan plan = Plan.of(read, TARGET, 2, 12, "cmd-12", VALUE);

    assertEquals("4711", plan.desired().getMetadata().getResourceVersion());
  }

  @Test
  void theSameStateAtTheSameEpoch_isUnchangedWithItsEpoch() {
    Plan plan = Plan.of(object("12", 2), TARGET, 2, 12, "cmd-12", VALUE);

    assertEquals(ActuationOutcome.UNCHANGED, plan.outcome());
    assertEquals(12L, plan.resourceEpoch());
    assertNull(plan.desired(), "nothing to write");
  }

  @Test
  void aMissingObject_isRefusedWithoutAnEpoch() {
    Plan plan = Plan.of(null, TARGET, 2, 12, "cmd-12", VALUE);

    assertEquals(ActuationOutcome.REFUSED, plan.outcome());
    assertNull(plan.resourceEpoch());
  }

  @Test
  void supersededCarriesTheEpochLastRead() {
    Plan plan = Plan.superseded(TARGET, 12, 14, 11L);

    assertEquals(ActuationOutcome.STALE, plan.outcome());
    assertEquals(11L, plan.resourceEpoch());
    assertEquals(
        "example.io/v1 Thing shop/web: epoch 12 was superseded by epoch 14 before it was written",
        plan.detail());
  }

  private static GenericKubernetesResource object(String epoch, int value) {
    GenericKubernetesResource object = new GenericKubernetesResource();
    ObjectMeta meta = new ObjectMeta();
    meta.setName("web");
    meta.setLabels(Map.of(Ownership.MANAGED_LABEL, "true"));
    Map<String, String> annotations = new HashMap<>();
    if (epoch != null) {
      annotations.put(Ownership.EPOCH_ANNOTATION, epoch);
      annotations.put(Ownership.COMMAND_ID_ANNOTATION, "cmd-" + epoch);
    }
    meta.setAnnotations(annotations);
    object.setMetadata(meta);
    object.getAdditionalProperties().put("spec", new HashMap<>(Map.of("value", value)));
    return object;
  }
}
