package io.hybridfailover.placement.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hybridfailover.actuation.DesiredObject;
import io.hybridfailover.actuation.JsonMaps;
import io.hybridfailover.actuation.Ownership;
import io.hybridfailover.events.Placement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The desired Karmada policy for one placement, for both policy kinds: pure, no client, no clock.
 *
 * <p>{@link Placement#GKE} widens the placement so that Karmada runs a full copy on GKE without
 * ever taking the desktop out of it (Karmada deletes a cluster's Works as soon as it leaves the
 * placement, and the desktop copy must still be there when the desktop returns): the exact original
 * {@code spec.placement} is saved as JSON in {@link #ORIGINAL_PLACEMENT_ANNOTATION}, both clusters
 * are put into {@code clusterAffinity.clusterNames}, and replicas are {@code Duplicated}. {@link
 * Placement#PRIMARY} puts the saved original back exactly and drops the annotation.
 */
public final class PlacementPlan implements DesiredObject<PlacementTarget, Placement> {

  /** The user's own {@code spec.placement}, as JSON, while the policy is widened for GKE. */
  public static final String ORIGINAL_PLACEMENT_ANNOTATION =
      "hybrid-failover.io/original-placement";

  public static final PlacementPlan DESIRED = new PlacementPlan();

  static final String DUPLICATED = "Duplicated";

  private static final ObjectMapper JSON = new ObjectMapper();

  private PlacementPlan() {}

  @Override
  public Optional<String> desire(
      GenericKubernetesResource desired, PlacementTarget target, Placement placement) {
    Optional<String> lazy = lazy(desired);
    if (lazy.isPresent()) {
      return lazy.map(refusal -> target.describe() + ": " + refusal);
    }
    return (placement == Placement.GKE ? widenForGke(desired, target) : restoreOriginal(desired))
        .map(refusal -> target.describe() + ": " + refusal);
  }

  /**
   * With {@code activationPreference: Lazy}, Karmada carries a policy change to the binding only
   * when the workload itself changes next: a placement written for a failover would not move it.
   */
  private static Optional<String> lazy(GenericKubernetesResource policy) {
    Object preference = JsonMaps.map(policy, "spec").get("activationPreference");
    if (!"Lazy".equals(preference)) {
      return Optional.empty();
    }
    return Optional.of(
        "spec.activationPreference is Lazy: Karmada applies a policy change only when the"
            + " workload itself changes next, so a failover written here would not move it; remove"
            + " activationPreference");
  }

  @Override
  public String state(
      GenericKubernetesResource policy, PlacementTarget target, Placement placement) {
    return "placement " + placement + ": " + describe(placementOf(policy));
  }

  @Override
  public String change(
      GenericKubernetesResource current,
      GenericKubernetesResource desired,
      PlacementTarget target,
      Placement placement) {
    return state(desired, target, placement)
        + (placement == Placement.PRIMARY ? ", original restored" : "")
        + " (was "
        + describe(placementOf(current))
        + ")";
  }

  /** Whether the policy is widened for GKE: what the drift cycle keeps. */
  public static boolean widened(GenericKubernetesResource policy) {
    return Ownership.annotations(policy).containsKey(ORIGINAL_PLACEMENT_ANNOTATION);
  }

  /** The policy's {@code spec.placement}, or {@code null} if it has none. */
  public static Object placementOf(GenericKubernetesResource policy) {
    return JsonMaps.map(policy, "spec").get("placement");
  }

  /** The cluster names a placement lists in {@code clusterAffinity.clusterNames}, if any. */
  public static List<String> clusterNames(Object placement) {
    Object names = JsonMaps.map(asMap(placement), "clusterAffinity").get("clusterNames");
    if (!(names instanceof List<?> list)) {
      return List.of();
    }
    return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
  }

  /** A short description for results, e.g. {@code clusterNames [desktop, gke], Duplicated}. */
  public static String describe(Object placement) {
    Map<String, Object> map = asMap(placement);
    Map<String, Object> affinity = JsonMaps.map(map, "clusterAffinity");
    List<String> names = clusterNames(placement);
    String clusters;
    if (present(map.get("clusterAffinities"))) {
      clusters = "clusterAffinities groups";
    } else if (!names.isEmpty()) {
      clusters = "clusterNames " + names;
    } else if (present(affinity.get("labelSelector")) || present(affinity.get("fieldSelector"))) {
      clusters = "clusters chosen by selector";
    } else {
      clusters = "all clusters";
    }
    Object type = JsonMaps.map(map, "replicaScheduling").get("replicaSchedulingType");
    // Karmada duplicates replicas when a placement says nothing about scheduling.
    return clusters + ", " + (type == null ? DUPLICATED : type);
  }

  /**
   * GKE: refuse a placement whose shape widening would change ({@link PlacementShape}); otherwise
   * save the original, add both clusters to the names and duplicate the replicas.
   */
  private static Optional<String> widenForGke(
      GenericKubernetesResource desired, PlacementTarget target) {
    Object original = placementOf(desired);
    Optional<String> unsafe = PlacementShape.whyNotWidenable(asMap(original), target);
    if (unsafe.isPresent()) {
      return unsafe;
    }
    saveOriginal(desired, original);
    Map<String, Object> placement = child(mutableSpec(desired), "placement");
    addClusterNames(placement, target);
    Map<String, Object> scheduling = new LinkedHashMap<>();
    scheduling.put("replicaSchedulingType", DUPLICATED);
    placement.put("replicaScheduling", scheduling);
    return Optional.empty();
  }

  /** Keeps the user's placement in the annotation; once: a drift rewrite keeps the first one. */
  private static void saveOriginal(GenericKubernetesResource desired, Object original) {
    Map<String, String> annotations = new LinkedHashMap<>(Ownership.annotations(desired));
    if (!annotations.containsKey(ORIGINAL_PLACEMENT_ANNOTATION)) {
      annotations.put(ORIGINAL_PLACEMENT_ANNOTATION, toJson(original));
      desired.getMetadata().setAnnotations(annotations);
    }
  }

  /**
   * Adds the desktop and GKE clusters to the listed names. No names means every cluster is a
   * candidate: desktop and GKE already are, and listing only them would take any other cluster out
   * of the placement (and delete its Works).
   */
  private static void addClusterNames(Map<String, Object> placement, PlacementTarget target) {
    List<String> names = clusterNames(placement);
    if (names.isEmpty()) {
      return;
    }
    List<String> widened = new ArrayList<>(names);
    for (String cluster : List.of(target.desktopCluster(), target.gkeCluster())) {
      if (!widened.contains(cluster)) {
        widened.add(cluster);
      }
    }
    child(placement, "clusterAffinity").put("clusterNames", widened);
  }

  /** PRIMARY: the saved original back, exactly, and the annotation gone. */
  private static Optional<String> restoreOriginal(GenericKubernetesResource desired) {
    String saved = savedOriginal(desired);
    if (saved == null) {
      return Optional.empty();
    }
    Object original;
    try {
      original = JSON.readValue(saved, Object.class);
    } catch (JsonProcessingException e) {
      return Optional.of(
          "annotation "
              + ORIGINAL_PLACEMENT_ANNOTATION
              + " is not valid JSON, so the original placement cannot be restored: "
              + e.getOriginalMessage());
    }
    Map<String, Object> spec = mutableSpec(desired);
    if (original == null) {
      spec.remove("placement");
    } else {
      spec.put("placement", original);
    }
    Map<String, String> annotations = new LinkedHashMap<>(Ownership.annotations(desired));
    annotations.remove(ORIGINAL_PLACEMENT_ANNOTATION);
    desired.getMetadata().setAnnotations(annotations);
    return Optional.empty();
  }

  private static String savedOriginal(GenericKubernetesResource policy) {
    return Ownership.annotations(policy).get(ORIGINAL_PLACEMENT_ANNOTATION);
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a placement read as JSON cannot be written as JSON", e);
    }
  }

  private static Map<String, Object> mutableSpec(GenericKubernetesResource object) {
    Object spec = object.getAdditionalProperties().get("spec");
    if (spec instanceof Map<?, ?>) {
      return JsonMaps.map(object, "spec");
    }
    Map<String, Object> created = new LinkedHashMap<>();
    object.getAdditionalProperties().put("spec", created);
    return created;
  }

  /** The child map of a (copied, hence mutable) map, created if missing. */
  private static Map<String, Object> child(Map<String, Object> parent, String field) {
    if (!(parent.get(field) instanceof Map<?, ?>)) {
      parent.put(field, new LinkedHashMap<String, Object>());
    }
    return JsonMaps.map(parent, field);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  /** Set and not an empty map or list (Karmada reads an empty one as unset). */
  static boolean present(Object value) {
    return value != null
        && !(value instanceof Map<?, ?> map && map.isEmpty())
        && !(value instanceof List<?> list && list.isEmpty());
  }
}
