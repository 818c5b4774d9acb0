package io.hybridfailover.placement.policy;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hybridfailover.actuation.Target;
import io.hybridfailover.catalog.PlacementBlock;
import java.util.Locale;

/**
 * The Karmada policy that places one managed service, the workload it propagates, and which member
 * clusters are the desktop and GKE.
 *
 * @param service the managed service id, {@code <namespace>/<name>}
 * @param namespace the policy's namespace; {@code null} for a ClusterPropagationPolicy
 * @param workloadNamespace where the workload and its ResourceBinding live
 */
public record PlacementTarget(
    String service,
    PolicyKind kind,
    String namespace,
    String name,
    String workloadApiVersion,
    String workloadKind,
    String workloadNamespace,
    String workloadName,
    String desktopCluster,
    String gkeCluster)
    implements Target {

  /** From the service's {@code placement} block of the catalog. */
  public static PlacementTarget of(PlacementBlock block) {
    return new PlacementTarget(
        block.service(),
        PolicyKind.valueOf(block.kind().name()),
        block.namespace(),
        block.name(),
        block.workloadApiVersion(),
        block.workloadKind(),
        block.workloadNamespace(),
        block.workloadName(),
        block.desktopCluster(),
        block.gkeCluster());
  }

  @Override
  public ResourceDefinitionContext definition() {
    return kind.context();
  }

  /** The policy kinds whose placement can be switched. */
  public enum PolicyKind {
    PROPAGATION_POLICY("PropagationPolicy", "propagationpolicies", true),
    CLUSTER_PROPAGATION_POLICY("ClusterPropagationPolicy", "clusterpropagationpolicies", false);

    public static final String GROUP = "policy.karmada.io";
    public static final String VERSION = "v1alpha1";

    private final String kind;
    private final String plural;
    private final boolean namespaced;

    PolicyKind(String kind, String plural, boolean namespaced) {
      this.kind = kind;
      this.plural = plural;
      this.namespaced = namespaced;
    }

    public String kind() {
      return kind;
    }

    public boolean namespaced() {
      return namespaced;
    }

    /** Names the API resource explicitly: the Karmada API server is not asked for discovery. */
    public ResourceDefinitionContext context() {
      return new ResourceDefinitionContext.Builder()
          .withGroup(GROUP)
          .withVersion(VERSION)
          .withKind(kind)
          .withPlural(plural)
          .withNamespaced(namespaced)
          .build();
    }
  }

  /** Karmada names a workload's binding {@code <name>-<kind in lower case>}. */
  public String bindingName() {
    return workloadName + "-" + workloadKind.toLowerCase(Locale.ROOT);
  }
}
