package io.hybridfailover.placement.policy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hybridfailover.actuation.JsonMaps;
import io.hybridfailover.events.Placement;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether Karmada has rescheduled a workload for the placement just written, judged from its
 * ResourceBinding alone (pure: no client, no clock).
 *
 * @param confirmed the binding shows the placement carried out
 * @param reason what the binding shows, or why it does not confirm yet
 * @param hopeless waiting cannot help, nor can a WorkloadRebalancer (the workload is bound to
 *     another policy)
 */
public record BindingCheck(boolean confirmed, String reason, boolean hopeless) {

  /** The label Karmada puts on a PropagationPolicy (its webhook) and on what it binds. */
  public static final String PERMANENT_ID_LABEL = "propagationpolicy.karmada.io/permanent-id";

  public BindingCheck(boolean confirmed, String reason) {
    this(confirmed, reason, false);
  }

  /**
   * What a rescheduled binding looks like.
   *
   * @param placement the policy's {@code spec.placement} as stored, which Karmada copies into the
   *     binding's {@code spec.placement} before rescheduling
   * @param required clusters that must be in {@code spec.clusters}
   * @param allowed the only clusters {@code spec.clusters} may name; empty when any may be
   * @param permanentId the policy's {@value #PERMANENT_ID_LABEL}, if it has one
   * @param healthOf the cluster whose FullyApplied and aggregated health a confirmation reports
   *     (the desktop on PRIMARY), or {@code null}
   * @param freshSplit the placement divides by dynamic weights or Aggregated, where Karmada scales
   *     a reschedule from the previous result (Steady): coming home needs a WorkloadRebalancer for
   *     a fresh split
   */
  public record Expected(
      Object placement,
      Set<String> required,
      Set<String> allowed,
      String permanentId,
      String healthOf,
      boolean freshSplit) {

    public Expected(Object placement, Set<String> required, Set<String> allowed) {
      this(placement, required, allowed, null, null, false);
    }

    public Expected(
        Object placement,
        Set<String> required,
        Set<String> allowed,
        String permanentId,
        String healthOf) {
      this(placement, required, allowed, permanentId, healthOf, false);
    }

    /** For a policy as stored after writing {@code placement}. */
    public static Expected of(
        GenericKubernetesResource policy, PlacementTarget target, Placement placement) {
      Object stored = PlacementPlan.placementOf(policy);
      Set<String> allowed = new LinkedHashSet<>(PlacementPlan.clusterNames(stored));
      Set<String> required = new LinkedHashSet<>();
      if (placement == Placement.GKE) {
        required.add(target.desktopCluster());
        required.add(target.gkeCluster());
      } else if (allowed.isEmpty() || allowed.contains(target.desktopCluster())) {
        // The user's original placement prefers the desktop: it must have its replicas back.
        required.add(target.desktopCluster());
      }
      String id =
          policy.getMetadata() == null || policy.getMetadata().getLabels() == null
              ? null
              : policy.getMetadata().getLabels().get(PERMANENT_ID_LABEL);
      return new Expected(
          stored,
          Set.copyOf(required),
          Set.copyOf(allowed),
          id,
          placement == Placement.PRIMARY ? target.desktopCluster() : null,
          placement == Placement.PRIMARY && steady(stored));
    }
  }

  public static BindingCheck check(GenericKubernetesResource binding, Expected expected) {
    if (binding == null) {
      return waiting("the ResourceBinding does not exist");
    }
    Map<String, Object> spec = JsonMaps.map(binding, "spec");
    Map<String, Object> status = JsonMaps.map(binding, "status");
    String boundTo =
        binding.getMetadata() == null || binding.getMetadata().getLabels() == null
            ? null
            : binding.getMetadata().getLabels().get(PERMANENT_ID_LABEL);
    if (expected.permanentId() != null
        && boundTo != null
        && !boundTo.equals(expected.permanentId())) {
      return new BindingCheck(
          false,
          "the workload is bound to another policy: the ResourceBinding's label "
              + PERMANENT_ID_LABEL
              + " is "
              + boundTo
              + ", this policy's is "
              + expected.permanentId()
              + "; Karmada follows that policy, so neither waiting nor a WorkloadRebalancer moves"
              + " it (opt that policy in instead, or remove it)",
          true);
    }
    if (spec.containsKey("placement")
        && !Objects.equals(normal(spec.get("placement")), normal(expected.placement()))) {
      return waiting("the binding still carries the previous placement");
    }
    Long generation = binding.getMetadata() == null ? null : binding.getMetadata().getGeneration();
    if (generation != null
        && status.get("schedulerObservedGeneration") instanceof Number observed
        && observed.longValue() < generation) {
      return waiting(
          "the scheduler has observed generation "
              + observed
              + " of the binding, not yet "
              + generation);
    }
    Map<String, Object> scheduled =
        JsonMaps.list(status, "conditions").stream()
            .filter(condition -> "Scheduled".equals(condition.get("type")))
            .findFirst()
            .orElse(Map.of());
    if (!"True".equals(scheduled.get("status"))) {
      return waiting(
          scheduled.isEmpty()
              ? "the binding has no Scheduled condition"
              : "condition Scheduled is "
                  + scheduled.get("status")
                  + " ("
                  + scheduled.get("reason")
                  + ": "
                  + scheduled.get("message")
                  + ")");
    }
    List<String> clusters =
        JsonMaps.list(spec, "clusters").stream()
            .map(cluster -> String.valueOf(cluster.get("name")))
            .toList();
    List<String> missing =
        expected.required().stream().filter(name -> !clusters.contains(name)).sorted().toList();
    if (!missing.isEmpty()) {
      return waiting("spec.clusters " + clusters + " lacks " + missing);
    }
    List<String> outside =
        expected.allowed().isEmpty()
            ? List.of()
            : clusters.stream().filter(name -> !expected.allowed().contains(name)).toList();
    if (!outside.isEmpty()) {
      return waiting("spec.clusters " + clusters + " has " + outside + " outside the placement");
    }
    List<Map<String, Object>> evictions = JsonMaps.list(spec, "gracefulEvictionTasks");
    if (!evictions.isEmpty()) {
      return waiting(
          "graceful eviction from "
              + evictions.stream().map(task -> String.valueOf(task.get("fromCluster"))).toList()
              + " is still in progress");
    }
    return new BindingCheck(true, "spec.clusters " + clusters + applied(status, expected));
  }

  /**
   * For PRIMARY: whether Karmada has applied the workload everywhere ({@code FullyApplied}) and how
   * the desktop's copy is ({@code aggregatedStatus[].health}): "confirmed" itself means scheduled.
   */
  private static String applied(Map<String, Object> status, Expected expected) {
    if (expected.healthOf() == null) {
      return "";
    }
    String fully =
        JsonMaps.list(status, "conditions").stream()
            .filter(condition -> "FullyApplied".equals(condition.get("type")))
            .findFirst()
            .map(c -> String.valueOf(c.get("status")))
            .orElse("not reported");
    String health =
        JsonMaps.list(status, "aggregatedStatus").stream()
            .filter(item -> expected.healthOf().equals(item.get("clusterName")))
            .findFirst()
            .map(item -> String.valueOf(item.getOrDefault("health", "Unknown")))
            .orElse("not reported");
    return "; FullyApplied " + fully + "; " + expected.healthOf() + " health " + health;
  }

  /** Divided by dynamic weights or Aggregated: Karmada's Steady mode. */
  static boolean steady(Object placement) {
    Map<String, Object> scheduling =
        JsonMaps.map(
            placement instanceof Map<?, ?> ? castMap(placement) : Map.of(), "replicaScheduling");
    return "Divided".equals(scheduling.get("replicaSchedulingType"))
        && ("Aggregated".equals(scheduling.get("replicaDivisionPreference"))
            || JsonMaps.map(scheduling, "weightPreference").get("dynamicWeight") != null);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object value) {
    return (Map<String, Object>) value;
  }

  /**
   * Whether the scheduler has rescheduled the binding since a WorkloadRebalancer was created: its
   * "Successful" means only that the reschedule was triggered; the binding's {@code
   * lastScheduledTime} at or after the rebalancer's creation means it happened.
   */
  public static BindingCheck rescheduledSince(
      GenericKubernetesResource binding, java.time.Instant created) {
    Object last = binding == null ? null : JsonMaps.map(binding, "status").get("lastScheduledTime");
    if (last == null) {
      return waiting("the binding has no lastScheduledTime yet");
    }
    java.time.Instant scheduled = java.time.Instant.parse(last.toString());
    if (scheduled.isBefore(created)) {
      return waiting(
          "lastScheduledTime " + scheduled + " is before the rebalancer's creation " + created);
    }
    return new BindingCheck(true, "rescheduled at " + scheduled);
  }

  private static BindingCheck waiting(String reason) {
    return new BindingCheck(false, reason);
  }

  /**
   * The placement as a value: Karmada copies it through Go structs, which drop empty and null
   * fields and may print numbers differently.
   */
  private static Object normal(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> kept = new LinkedHashMap<>();
      map.forEach(
          (key, child) -> {
            Object normal = normal(child);
            if (normal != null) {
              kept.put(key, normal);
            }
          });
      return kept.isEmpty() ? null : kept;
    }
    if (value instanceof List<?> list) {
      List<Object> kept = new ArrayList<>();
      list.forEach(item -> kept.add(normal(item)));
      return kept.isEmpty() ? null : kept;
    }
    if (value instanceof Number number) {
      return new BigDecimal(number.toString()).stripTrailingZeros();
    }
    return value;
  }
}
