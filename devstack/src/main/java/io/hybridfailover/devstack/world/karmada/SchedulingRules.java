package io.hybridfailover.devstack.world.karmada;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Karmada's rules for a ResourceBinding, as its detector and scheduler apply them (read in Karmada
 * v1.19's pkg/detector and pkg/scheduler), on untyped JSON. Pure: the caller reads, waits, writes.
 *
 * <ul>
 *   <li>The detector copies a policy's placement to its bindings, except with {@code
 *       activationPreference: Lazy}, where only a change of the workload itself does.
 *   <li>The scheduler reschedules when the binding's placement differs from its annotation {@code
 *       policy.karmada.io/applied-placement} (any change), when its replicas change, or when {@code
 *       rescheduleTriggeredAt} is after {@code lastScheduledTime} (a WorkloadRebalancer).
 *   <li>It writes {@code spec.clusters} and the annotation first (a new generation), then the
 *       status with {@code schedulerObservedGeneration} of the generation BEFORE that write; its
 *       next pass, finding nothing to reschedule, brings the observed generation up to date.
 *   <li>Static weights are divided by {@link StaticWeightDivision}; clusters given 0 replicas are
 *       dropped from {@code spec.clusters}.
 * </ul>
 */
public final class SchedulingRules {

  public static final String APPLIED_PLACEMENT = "policy.karmada.io/applied-placement";

  private final StaticWeightDivision division;

  public SchedulingRules(StaticWeightDivision division) {
    this.division = division;
  }

  /** Whether the detector copies the policy's placement to its bindings on a policy change. */
  public static boolean detectorCopies(Map<String, Object> policySpec) {
    return !"Lazy".equals(policySpec.get("activationPreference"));
  }

  /**
   * Why the scheduler reschedules this binding now, if it does.
   *
   * @param binding the ResourceBinding as read
   */
  public static Optional<String> trigger(Map<String, Object> binding) {
    Map<String, Object> spec = Placements.map(binding, "spec");
    Map<String, Object> status = Placements.map(binding, "status");
    Map<String, Object> annotations =
        Placements.map(Placements.map(binding, "metadata"), "annotations");
    Object applied = annotations.get(APPLIED_PLACEMENT);
    if (applied == null || !applied.equals(Placements.applied(Placements.map(spec, "placement")))) {
      return Optional.of("placement changed");
    }
    Object triggeredAt = spec.get("rescheduleTriggeredAt");
    Object lastScheduled = status.get("lastScheduledTime");
    if (triggeredAt != null
        && lastScheduled != null
        && Instant.parse(triggeredAt.toString()).isAfter(Instant.parse(lastScheduled.toString()))) {
      return Optional.of("rescheduleTriggeredAt");
    }
    Map<String, Object> placement = Placements.map(spec, "placement");
    if ("Divided".equals(Placements.schedulingType(placement))) {
      int replicas = replicas(spec);
      int placed =
          Placements.list(spec, "clusters").stream()
              .mapToInt(c -> ((Number) ((Map<?, ?>) c).get("replicas")).intValue())
              .sum();
      if (replicas != placed) {
        return Optional.of("replicas changed");
      }
    }
    return Optional.empty();
  }

  /**
   * The binding's {@code spec.clusters} for its placement: Duplicated puts every replica on each
   * cluster; Divided by static weights divides them ({@link StaticWeightDivision}). Dynamic weights
   * and Aggregated are modelled as equal weights (their Steady mode, which scales from the previous
   * result, is not).
   *
   * @param clusters the member clusters that exist, by name
   */
  public Map<String, Integer> assign(Map<String, Object> binding, List<String> clusters) {
    Map<String, Object> spec = Placements.map(binding, "spec");
    Map<String, Object> placement = Placements.map(spec, "placement");
    List<String> placed = Placements.clusters(placement, clusters);
    int replicas = replicas(spec);
    if ("Divided".equals(Placements.schedulingType(placement))) {
      Map<String, Long> weights =
          Placements.steady(placement)
              ? equalWeights(placed)
              : Placements.staticWeights(placement, placed);
      return division.divide(replicas, weights);
    }
    Map<String, Integer> duplicated = new LinkedHashMap<>();
    placed.forEach(cluster -> duplicated.put(cluster, replicas));
    return duplicated;
  }

  /**
   * The scheduler's first write: {@code spec.clusters} and the applied-placement annotation (the
   * API server bumps the generation).
   */
  public void writeClusters(Map<String, Object> binding, Map<String, Integer> clusters) {
    Map<String, Object> spec = mutable(binding, "spec");
    spec.put(
        "clusters",
        clusters.entrySet().stream()
            .map(e -> (Object) Map.of("name", e.getKey(), "replicas", e.getValue()))
            .toList());
    Map<String, Object> metadata = mutable(binding, "metadata");
    Map<String, Object> annotations = new LinkedHashMap<>(Placements.map(metadata, "annotations"));
    annotations.put(APPLIED_PLACEMENT, Placements.applied(Placements.map(spec, "placement")));
    metadata.put("annotations", annotations);
  }

  /**
   * The scheduler's status write after scheduling: Scheduled, {@code lastScheduledTime}, and {@code
   * schedulerObservedGeneration} as given (the generation before the first write, then, on the
   * catch-up pass, the current one).
   */
  public static void writeStatus(
      Map<String, Object> binding, long observedGeneration, Instant lastScheduled) {
    Map<String, Object> status = mutable(binding, "status");
    status.put("schedulerObservedGeneration", observedGeneration);
    if (lastScheduled != null) {
      status.put("lastScheduledTime", lastScheduled.toString());
    }
    status.put(
        "conditions",
        List.of(
            Map.of(
                "type", "Scheduled",
                "status", "True",
                "reason", "Success",
                "message", "Binding has been scheduled successfully.")));
  }

  /** The detector's write: the policy's placement onto the binding (a new generation). */
  public static void copyPlacement(Map<String, Object> binding, Map<String, Object> placement) {
    mutable(binding, "spec").put("placement", placement);
  }

  static int replicas(Map<String, Object> spec) {
    Object replicas = spec.get("replicas");
    return replicas instanceof Number n ? n.intValue() : 1;
  }

  private static Map<String, Long> equalWeights(List<String> clusters) {
    Map<String, Long> weights = new LinkedHashMap<>();
    clusters.forEach(cluster -> weights.put(cluster, 1L));
    return weights;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mutable(Map<String, Object> parent, String field) {
    Object value = parent.get(field);
    Map<String, Object> copy =
        value instanceof Map<?, ?> m
            ? new LinkedHashMap<>((Map<String, Object>) m)
            : new LinkedHashMap<>();
    parent.put(field, copy);
    return copy;
  }
}
