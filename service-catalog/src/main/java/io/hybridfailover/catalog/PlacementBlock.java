package io.hybridfailover.catalog;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * The karmada-actuator's policy of one managed service, defaults filled in.
 *
 * @param service the managed service id, {@code <namespace>/<name>}
 * @param namespace the policy's namespace; {@code null} for a ClusterPropagationPolicy
 * @param workloadNamespace where the workload and its ResourceBinding live: the policy's namespace
 *     (a PropagationPolicy selects only there), or for a ClusterPropagationPolicy the service's
 */
public record PlacementBlock(
    String service,
    Kind kind,
    String namespace,
    String name,
    String workloadApiVersion,
    String workloadKind,
    String workloadNamespace,
    String workloadName,
    String desktopCluster,
    String gkeCluster) {

  /** The Karmada policy kinds whose placement can be switched. */
  public enum Kind {
    PROPAGATION_POLICY("PropagationPolicy", true),
    CLUSTER_PROPAGATION_POLICY("ClusterPropagationPolicy", false);

    private final String kind;
    private final boolean namespaced;

    Kind(String kind, boolean namespaced) {
      this.kind = kind;
      this.namespaced = namespaced;
    }

    /** As written in the catalog and in the object's {@code kind}. */
    public String kind() {
      return kind;
    }

    public boolean namespaced() {
      return namespaced;
    }
  }

  /** {@code PropagationPolicy} or {@code ClusterPropagationPolicy}, as Karmada spells them. */
  public static final class KindConverter implements Converter<Kind> {
    private static final long serialVersionUID = 1L;

    @Override
    public Kind convert(String value) {
      return NamedKinds.parse(value, Kind.values(), Kind::kind);
    }
  }
}
