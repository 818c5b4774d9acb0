package io.hybridfailover.deploy;

import static io.hybridfailover.deploy.Kustomize.list;
import static io.hybridfailover.deploy.Kustomize.path;
import static io.hybridfailover.deploy.ManifestRules.name;

import io.hybridfailover.catalog.PlacementBlock;
import io.hybridfailover.catalog.RoutingBlock;
import io.hybridfailover.catalog.ServiceCatalog;
import io.hybridfailover.deploy.Kustomize.Rendered;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The least-privilege rules: network isolation, Pod Security, the actuators' rights as narrow as
 * the catalog, credentials as files, restarts on a changed Secret, Strimzi's v1 objects with quotas
 * and message-size limits, controllers off spot and across zones, release images. Part of {@link
 * ManifestRules#check}; each method adds one line per broken rule.
 */
final class SecurityRules {

  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final String SPOT = "cloud.google.com/gke-spot";
  private static final String ZONE = "topology.kubernetes.io/zone";
  private static final String ENFORCE = "pod-security.kubernetes.io/enforce";
  private static final List<String> OWN_WRITES = List.of("get", "patch", "update");
  private static final List<String> WATCH = List.of("list", "watch");

  private SecurityRules() {}

  static void namespace(Map<String, Object> ns, String where, List<String> problems) {
    Map<?, ?> labels =
        (Map<?, ?>) Objects.requireNonNullElse(path(ns, "metadata", "labels"), Map.of());
    for (String mode : List.of("enforce", "audit", "warn")) {
      if (!"restricted".equals(labels.get("pod-security.kubernetes.io/" + mode))) {
        problems.add(where + "needs the label pod-security.kubernetes.io/" + mode + ": restricted");
      }
    }
  }

  /** Every namespace with a Deployment: defined here with Pod Security labels, default-deny. */
  static void namespaces(List<Rendered> renders, List<String> problems) {
    Set<String> withWorkloads = new TreeSet<>();
    ManifestRules.all(renders, "Deployment")
        .forEach(d -> withWorkloads.add((String) path(d, "metadata", "namespace")));
    Set<String> labelled = new HashSet<>();
    for (Map<String, Object> ns : ManifestRules.all(renders, "Namespace")) {
      if ("restricted".equals(path(ns, "metadata", "labels", ENFORCE))) {
        labelled.add(name(ns));
      }
    }
    Set<String> denied = new HashSet<>();
    for (Map<String, Object> policy : ManifestRules.all(renders, "NetworkPolicy")) {
      if (isDefaultDeny(policy)) {
        denied.add((String) path(policy, "metadata", "namespace"));
      }
    }
    for (String ns : withWorkloads) {
      if (!labelled.contains(ns)) {
        problems.add("Namespace " + ns + ": has workloads but no Pod Security enforce: restricted");
      }
      if (!denied.contains(ns)) {
        problems.add("Namespace " + ns + ": has workloads but no default-deny NetworkPolicy");
      }
    }
  }

  static boolean isDefaultDeny(Map<String, Object> policy) {
    Map<?, ?> selector = (Map<?, ?>) path(policy, "spec", "podSelector");
    List<?> types = list(path(policy, "spec", "policyTypes"));
    return selector != null
        && selector.isEmpty()
        && types.contains("Ingress")
        && types.contains("Egress")
        && list(path(policy, "spec", "ingress")).isEmpty()
        && list(path(policy, "spec", "egress")).isEmpty();
  }

  /** No rule that opens a direction to everything: each names where from or where to. */
  static void networkPolicy(Map<String, Object> policy, String where, List<String> problems) {
    for (Object rule : list(path(policy, "spec", "ingress"))) {
      if (list(((Map<?, ?>) rule).get("from")).isEmpty()) {
        problems.add(where + "an ingress rule without from admits every pod");
      }
    }
    for (Object rule : list(path(policy, "spec", "egress"))) {
      if (list(((Map<?, ?>) rule).get("to")).isEmpty()) {
        problems.add(where + "an egress rule without to reaches everything");
      }
    }
  }

  /**
   * A Deployment: selected by an allow policy for both directions in its own kustomization; no
   * password in its environment; the cluster CA's Secret mounted whole; a restart on every Secret
   * it reads; init containers as locked down as the others; a projected token only for an audience
   * other than the API server's.
   */
  static void deployment(Rendered r, Map<String, Object> d, String where, List<String> problems) {
    Map<?, ?> podLabels = (Map<?, ?>) path(d, "spec", "template", "metadata", "labels");
    boolean isolated =
        r.objects().stream()
            .filter(o -> "NetworkPolicy".equals(o.get("kind")) && !isDefaultDeny(o))
            .filter(
                o -> list(path(o, "spec", "policyTypes")).containsAll(List.of("Ingress", "Egress")))
            .map(o -> (Map<?, ?>) path(o, "spec", "podSelector", "matchLabels"))
            .anyMatch(
                s -> s != null && !s.isEmpty() && podLabels.entrySet().containsAll(s.entrySet()));
    if (!isolated) {
      problems.add(
          where
              + "needs a NetworkPolicy (Ingress and Egress) selecting its pods in the same"
              + " kustomization");
    }
    List<Map<String, Object>> all = new ArrayList<>(Kustomize.containers(d));
    all.addAll(Kustomize.initContainers(d));
    for (Map<String, Object> c : all) {
      for (Object e : list(c.get("env"))) {
        Object secret = path(e, "valueFrom", "secretKeyRef");
        if (secret != null) {
          problems.add(
              where
                  + "container "
                  + c.get("name")
                  + ": env "
                  + ((Map<?, ?>) e).get("name")
                  + " comes from a Secret (secretKeyRef): mount credentials as files");
        }
      }
    }
    for (Map<String, Object> c : Kustomize.initContainers(d)) {
      Map<?, ?> sc = (Map<?, ?>) c.get("securityContext");
      if (!Boolean.TRUE.equals(path(sc, "readOnlyRootFilesystem"))
          || !Boolean.FALSE.equals(path(sc, "allowPrivilegeEscalation"))
          || !list(path(sc, "capabilities", "drop")).contains("ALL")
          || path(c, "resources", "limits", "memory") == null) {
        problems.add(
            where
                + "init container "
                + c.get("name")
                + ": read-only root, no escalation, drop"
                + " ALL and a memory limit");
      }
    }
    Set<String> secrets = new TreeSet<>();
    for (Object v : list(path(d, "spec", "template", "spec", "volumes"))) {
      Map<?, ?> volume = (Map<?, ?>) v;
      Object secret = path(volume, "secret", "secretName");
      if (secret != null) {
        secrets.add((String) secret);
        if (ManifestRules.CLUSTER_CA_SECRET.equals(secret)
            && path(volume, "secret", "items") != null) {
          problems.add(
              where
                  + "mount every key of "
                  + secret
                  + " (no items): a CA key replacement adds"
                  + " the old CA as ca-<date>.crt");
        }
      }
      for (Object source : list(path(volume, "projected", "sources"))) {
        Object projectedSecret = path(source, "secret", "name");
        if (projectedSecret != null) {
          secrets.add((String) projectedSecret);
        }
        Object token = path(source, "serviceAccountToken");
        if (token != null && path(token, "audience") == null) {
          problems.add(
              where + "a projected token without an audience is a token for this API server");
        }
      }
    }
    String reload =
        String.valueOf(
            Objects.requireNonNullElse(
                path(d, "metadata", "annotations", ManifestRules.RELOADER), ""));
    Set<String> reloaded = new TreeSet<>();
    for (String s : reload.split(",")) {
      if (!s.isBlank()) {
        reloaded.add(s.trim());
      }
    }
    if (!reloaded.containsAll(secrets)) {
      problems.add(
          where
              + "annotation "
              + ManifestRules.RELOADER
              + " must name every Secret it mounts "
              + secrets
              + " (Kafka clients never reload a changed truststore or password)");
    }
  }

  static void quotas(Map<String, Object> user, String where, List<String> problems) {
    for (String quota : List.of("producerByteRate", "consumerByteRate", "requestPercentage")) {
      if (!(path(user, "spec", "quotas", quota) instanceof Number)) {
        problems.add(where + "needs spec.quotas." + quota);
      }
    }
  }

  static void messageSize(Map<String, Object> topic, String where, List<String> problems) {
    Object size = path(topic, "spec", "config", "max.message.bytes");
    if (!(size instanceof Number n) || n.longValue() > 1_048_576) {
      problems.add(where + "needs config max.message.bytes (at most 1 MiB)");
    }
  }

  static void kafka(Map<String, Object> kafka, String where, List<String> problems) {
    for (Object l : list(path(kafka, "spec", "kafka", "listeners"))) {
      if (list(((Map<?, ?>) l).get("networkPolicyPeers")).isEmpty()) {
        problems.add(
            where
                + "listener "
                + ((Map<?, ?>) l).get("name")
                + " needs networkPolicyPeers"
                + " (Strimzi's generated policy otherwise opens it to every namespace)");
      }
    }
    if (!ZONE.equals(path(kafka, "spec", "kafka", "rack", "topologyKey"))) {
      problems.add(where + "spec.kafka.rack.topologyKey must be " + ZONE);
    }
    if (path(kafka, "spec", "clusterCa", "renewalDays") == null) {
      problems.add(where + "spec.clusterCa needs renewalDays");
    }
    if (list(path(kafka, "spec", "maintenanceTimeWindows")).isEmpty()) {
      problems.add(where + "needs maintenanceTimeWindows (when certificate renewals roll brokers)");
    }
  }

  /** Controllers: never on spot VMs, one per zone. */
  static void nodePool(Map<String, Object> pool, String where, List<String> problems) {
    if (!list(path(pool, "spec", "roles")).contains("controller")) {
      return;
    }
    Map<?, ?> pod = (Map<?, ?>) path(pool, "spec", "template", "pod");
    String text = String.valueOf(pod);
    boolean offSpot =
        list(
                path(
                    pod,
                    "affinity",
                    "nodeAffinity",
                    "requiredDuringSchedulingIgnoredDuringExecution",
                    "nodeSelectorTerms"))
            .stream()
            .flatMap(term -> list(((Map<?, ?>) term).get("matchExpressions")).stream())
            .anyMatch(
                e ->
                    SPOT.equals(((Map<?, ?>) e).get("key"))
                        && "DoesNotExist".equals(((Map<?, ?>) e).get("operator")));
    if (!offSpot || String.valueOf(path(pod, "tolerations")).contains(SPOT)) {
      problems.add(
          where
              + "controllers must require on-demand nodes ("
              + SPOT
              + " DoesNotExist) and not"
              + " tolerate spot");
    }
    boolean zones =
        list(path(pod, "topologySpreadConstraints")).stream()
            .anyMatch(
                c ->
                    ZONE.equals(((Map<?, ?>) c).get("topologyKey"))
                        && "DoNotSchedule".equals(((Map<?, ?>) c).get("whenUnsatisfiable")));
    if (!zones || text.isEmpty()) {
      problems.add(where + "controllers must spread across zones (" + ZONE + ", DoNotSchedule)");
    }
  }

  /** An overlay deploys a release: a tag that is no -SNAPSHOT, or a sha256 digest. */
  static void releaseImages(Rendered r, List<String> problems) {
    for (Map<String, Object> d : r.objects()) {
      List<Map<String, Object>> all = new ArrayList<>(Kustomize.containers(d));
      all.addAll(Kustomize.initContainers(d));
      for (Map<String, Object> c : all) {
        String image = String.valueOf(c.get("image"));
        int at = image.indexOf('@');
        boolean ok =
            at >= 0
                ? DIGEST.matcher(image.substring(at + 1)).matches()
                : image.lastIndexOf(':') > image.lastIndexOf('/')
                    && !image.toUpperCase(Locale.ROOT).endsWith("-SNAPSHOT");
        if (!ok) {
          problems.add(
              r.dir().getFileName()
                  + " "
                  + d.get("kind")
                  + " "
                  + name(d)
                  + ": image "
                  + image
                  + " is no release (a tag without -SNAPSHOT, or @sha256:...)");
        }
      }
    }
  }

  /**
   * What the catalog makes each actuator touch, as grants {@code <api server> <namespace|cluster>
   * <group>/<resource> <verb> <name|*>}: the switcher get, patch, update on each routing object and
   * list, watch on its kind in its namespace (GKE); the karmada-actuator the same on each policy,
   * and get on its workload's ResourceBinding (Karmada).
   */
  static Map<String, Set<String>> grants(ServiceCatalog catalog) {
    Map<String, Set<String>> grants = new TreeMap<>();
    Set<String> switcher = new TreeSet<>();
    for (RoutingBlock block : catalog.routing().values()) {
      String resource =
          block.kind() == RoutingBlock.Kind.HTTP_ROUTE
              ? "gateway.networking.k8s.io/httproutes"
              : "split.smi-spec.io/trafficsplits";
      own(switcher, "gke", block.namespace(), resource, block.name());
      if (block.kind() == RoutingBlock.Kind.HTTP_ROUTE) {
        // The ServiceProfile that would shadow a GAMMA route of the Service of the same name.
        switcher.add(
            String.join(
                " ",
                "gke",
                block.namespace(),
                "linkerd.io/serviceprofiles",
                "get",
                block.name() + "." + block.namespace() + ".svc.cluster.local"));
      }
    }
    grants.put("traffic-switcher", switcher);
    Set<String> actuator = new TreeSet<>();
    for (PlacementBlock block : catalog.placement().values()) {
      boolean cluster = block.kind() == PlacementBlock.Kind.CLUSTER_PROPAGATION_POLICY;
      own(
          actuator,
          "karmada",
          cluster ? "cluster" : block.namespace(),
          cluster
              ? "policy.karmada.io/clusterpropagationpolicies"
              : "policy.karmada.io/propagationpolicies",
          block.name());
      actuator.add(
          String.join(
              " ",
              "karmada",
              block.workloadNamespace(),
              "work.karmada.io/resourcebindings",
              "get",
              block.workloadName() + "-" + block.workloadKind().toLowerCase(Locale.ROOT)));
    }
    grants.put("karmada-actuator", actuator);
    return grants;
  }

  private static void own(
      Set<String> grants, String server, String namespace, String resource, String name) {
    OWN_WRITES.forEach(v -> grants.add(String.join(" ", server, namespace, resource, v, name)));
    WATCH.forEach(v -> grants.add(String.join(" ", server, namespace, resource, v, "*")));
  }

  /** What the Roles and ClusterRoles of each actuator grant, compared with {@link #grants}. */
  static void actuatorGrants(
      List<Rendered> renders, Map<String, Set<String>> expected, List<String> problems) {
    Map<String, Set<String>> granted = new TreeMap<>();
    ManifestRules.ACTUATORS.forEach(a -> granted.put(a, new TreeSet<>()));
    for (Rendered r : renders) {
      String server = r.dir().toString().contains("/karmada-apiserver/") ? "karmada" : "gke";
      for (Map<String, Object> role : r.objects()) {
        String kind = String.valueOf(role.get("kind"));
        String owner = (String) path(role, "metadata", "labels", "app.kubernetes.io/name");
        if (owner == null || !ManifestRules.ACTUATORS.contains(owner)) {
          continue;
        }
        if (kind.equals("ClusterRoleBinding")
            && expected.get(owner).stream().noneMatch(g -> g.split(" ")[1].equals("cluster"))) {
          problems.add(
              r.dir().getFileName()
                  + " ClusterRoleBinding "
                  + name(role)
                  + ": no ClusterRoleBinding"
                  + " for an actuator (no catalog entry needs a cluster-scoped object)");
        }
        if (!kind.equals("Role") && !kind.equals("ClusterRole")) {
          continue;
        }
        String scope =
            kind.equals("Role") ? (String) path(role, "metadata", "namespace") : "cluster";
        for (Object o : list(role.get("rules"))) {
          Map<?, ?> rule = (Map<?, ?>) o;
          List<?> names = list(rule.get("resourceNames"));
          for (Object group : list(rule.get("apiGroups"))) {
            for (Object resource : list(rule.get("resources"))) {
              for (Object verb : list(rule.get("verbs"))) {
                for (Object n : names.isEmpty() ? List.of("*") : names) {
                  granted
                      .get(owner)
                      .add(
                          String.join(
                              " ", server, scope, group + "/" + resource, "" + verb, "" + n));
                }
              }
            }
          }
        }
      }
    }
    for (String actuator : ManifestRules.ACTUATORS) {
      Set<String> extra = new TreeSet<>(granted.get(actuator));
      extra.removeAll(expected.get(actuator));
      Set<String> missing = new TreeSet<>(expected.get(actuator));
      missing.removeAll(granted.get(actuator));
      if (!extra.isEmpty()) {
        problems.add(actuator + ": granted more than the catalog needs: " + extra);
      }
      if (!missing.isEmpty()) {
        problems.add(actuator + ": lacks what the catalog needs: " + missing);
      }
    }
  }
}
