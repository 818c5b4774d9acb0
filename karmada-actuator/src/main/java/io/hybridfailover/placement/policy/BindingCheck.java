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
 */
public record BindingCheck(boolean confirmed, String reason) {

  /**
   * What a rescheduled binding looks like.
   *
   * @param placement the policy's {@code spec.placement} as stored, which Karmada copies into the
   *     binding's {@code spec.placement} before rescheduling
   * @param required clusters that must be in {@code spec.clusters}
   * @param allowed the only clusters {@code spec.clusters} may name; empty when any may be
   */
  public record Expected(Object placement, Set<String> required, Set<String> allowed) {

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
      return new Expected(stored, Set.copyOf(required), Set.copyOf(allowed));
    }
  }

  public static BindingCheck check(GenericKubernetesResource binding, Expected expected) {
    if (binding == null) {
      return waiting("the ResourceBinding does not exist");
    }
    Map<String, Object> spec = JsonMaps.map(binding, "spec");
    Map<String, Object> status = JsonMaps.map(binding, "status");
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
    return new BindingCheck(true, "spec.clusters " + clusters);
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
