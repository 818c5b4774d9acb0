package io.hybridfailover.deploy;

import static io.hybridfailover.deploy.Kustomize.list;
import static io.hybridfailover.deploy.Kustomize.path;

import io.hybridfailover.deploy.KafkaAcls.Acl;
import io.hybridfailover.deploy.Kustomize.Rendered;
import io.hybridfailover.events.TopicSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules every manifest under deploy/ keeps. {@link #check} returns one line per broken rule,
 * naming the kustomization and object; none means the manifests are fine.
 */
final class ManifestRules {

  /** What the configuration and the contract demand; see {@code DeployExpectations}. */
  record Expectations(
      Map<String, Set<Acl>> aclsByUser,
      List<TopicSpec> topics,
      int partitions,
      int replicas,
      Map<String, Set<String>> grantsByActuator) {}

  static final String NAMESPACE = "hybrid-failover";
  static final String CATALOG_CONFIG_MAP = "hybrid-failover-service-catalog";
  static final Set<String> SERVICES =
      Set.of("health-prober", "failover-decider", "traffic-switcher", "karmada-actuator");

  private static final List<String> FULL = List.of("get", "list", "watch", "patch", "update");
  private static final List<String> READ = List.of("get", "list", "watch");

  /**
   * What each service may do in a Kubernetes API server, by "group/resource". failover-decider has
   * no entry: it may do nothing at all.
   */
  static final Map<String, Map<String, List<String>>> ALLOWED_RULES =
      Map.of(
          "traffic-switcher",
          Map.of(
              "split.smi-spec.io/trafficsplits", FULL,
              "gateway.networking.k8s.io/httproutes", FULL,
              "linkerd.io/serviceprofiles", List.of("get")),
          "karmada-actuator",
          Map.of(
              "policy.karmada.io/propagationpolicies", FULL,
              "policy.karmada.io/clusterpropagationpolicies", FULL,
              "work.karmada.io/resourcebindings", List.of("get")),
          "health-prober",
          Map.of("cluster.karmada.io/clusters", READ));

  private static final Map<String, String> PROBES =
      Map.of(
          "startupProbe", "/q/health/started",
          "livenessProbe", "/q/health/live",
          "readinessProbe", "/q/health/ready");

  /** The failover path: at least two replicas each, a PodDisruptionBudget, spread over nodes. */
  static final Set<String> RUN_HOT =
      Set.of("failover-decider", "traffic-switcher", "karmada-actuator");

  private static final String HOSTNAME = "kubernetes.io/hostname";

  /** The actuators, whose rights are derived from the catalog (see {@link #grants}). */
  static final Set<String> ACTUATORS = Set.of("traffic-switcher", "karmada-actuator");

  /** How the Karmada API server names a GKE ServiceAccount (its JWT authenticator's prefix). */
  static final String KARMADA_USER_PREFIX = "gke:system:serviceaccount:" + NAMESPACE + ":";

  /** ConfigMaps the user creates (deploy/README.md says how), not defined under deploy/. */
  static final Set<String> MADE_BY_THE_USER =
      Set.of(
          "ConfigMap/karmada-apiserver-ca",
          // Actor keys (deploy/README.md, "Actor keys"): made from keys that are never committed.
          "ConfigMap/hybrid-failover-trusted-keys",
          "Secret/prober-1-identity",
          "Secret/prober-2-identity",
          "Secret/prober-3-identity",
          "Secret/traffic-switcher-identity",
          "Secret/karmada-actuator-identity",
          "Secret/operator-identity");

  static final String STRIMZI_API = "kafka.strimzi.io/v1";
  static final String CLUSTER_CA_SECRET = "hybrid-failover-cluster-ca-cert";
  static final String RELOADER = "secret.reloader.stakater.com/reload";

  private ManifestRules() {}

  static List<String> check(List<Rendered> renders, Expectations expected) {
    List<String> problems = new ArrayList<>();
    Set<String> defined = new HashSet<>();
    for (Rendered r : renders) {
      for (Map<String, Object> o : r.objects()) {
        defined.add(o.get("kind") + "/" + path(o, "metadata", "name"));
        if ("KafkaUser".equals(o.get("kind"))) {
          defined.add("Secret/" + path(o, "metadata", "name")); // Strimzi creates it
        }
        if ("Kafka".equals(o.get("kind"))) {
          defined.add("Secret/" + path(o, "metadata", "name") + "-cluster-ca-cert");
        }
      }
    }
    defined.addAll(MADE_BY_THE_USER);
    for (Rendered r : renders) {
      for (Map<String, Object> o : r.objects()) {
        String where = r.dir().getFileName() + " " + o.get("kind") + " " + name(o) + ": ";
        String apiVersion = String.valueOf(o.get("apiVersion"));
        if (apiVersion.startsWith("kafka.strimzi.io/") && !STRIMZI_API.equals(apiVersion)) {
          problems.add(where + apiVersion + " is gone from Strimzi 1.0: use " + STRIMZI_API);
        }
        switch (String.valueOf(o.get("kind"))) {
          case "Deployment" -> deployment(r, o, defined, where, problems);
          case "Job", "Pod" -> job(o, defined, where, problems);
          case "Role", "ClusterRole" -> role(o, where, problems);
          case "RoleBinding", "ClusterRoleBinding" -> binding(r, o, where, problems);
          case "Namespace" -> SecurityRules.namespace(o, where, problems);
          case "Kafka" -> SecurityRules.kafka(o, where, problems);
          case "KafkaNodePool" -> SecurityRules.nodePool(o, where, problems);
          case "KafkaUser" -> SecurityRules.quotas(o, where, problems);
          case "KafkaTopic" -> SecurityRules.messageSize(o, where, problems);
          case "NetworkPolicy" -> SecurityRules.networkPolicy(o, where, problems);
          case "Secret" -> {
            if ("kubernetes.io/service-account-token".equals(o.get("type"))) {
              problems.add(where + "a long-lived service-account token; use a projected token");
            }
          }
          case "HTTPRoute" -> gammaRoute(o, where, problems);
          default -> {}
        }
        if ("Deployment".equals(o.get("kind"))) {
          SecurityRules.deployment(r, o, where, problems);
        }
      }
      if (r.dir().toString().contains("/overlays/")) {
        SecurityRules.releaseImages(r, problems);
      }
    }
    topics(renders, expected, problems);
    users(renders, expected, problems);
    SecurityRules.namespaces(renders, problems);
    SecurityRules.actuatorGrants(renders, expected.grantsByActuator(), problems);
    return problems;
  }

  /**
   * A Job or bare Pod (the operator tool's recipe): the services' pod hardening, its own resources,
   * and no Kubernetes API token (the tool talks to Kafka only).
   */
  private static void job(
      Map<String, Object> o, Set<String> defined, String where, List<String> problems) {
    Map<?, ?> pod = (Map<?, ?>) Kustomize.podSpec(o);
    Map<String, Map<?, ?>> volumes = hardening(pod, defined, where, problems);
    for (Map<String, Object> c : Kustomize.containers(o)) {
      String cw = where + "container " + c.get("name") + ": ";
      containerHardening(c, volumes, cw, defined, problems);
      for (String resource : List.of("requests.cpu", "requests.memory", "limits.memory")) {
        String[] keys = resource.split("\\.");
        if (path(c, "resources", keys[0], keys[1]) == null) {
          problems.add(cw + "resources." + resource + " must be set");
        }
      }
    }
    if (!Boolean.FALSE.equals(pod.get("automountServiceAccountToken"))) {
      problems.add(where + "has no RBAC here, so automountServiceAccountToken must be false");
    }
  }

  /** The pod-level rules every workload keeps; returns its volumes by name. */
  private static Map<String, Map<?, ?>> hardening(
      Map<?, ?> pod, Set<String> defined, String where, List<String> problems) {
    if (!Boolean.TRUE.equals(path(pod, "securityContext", "runAsNonRoot"))) {
      problems.add(where + "pod securityContext.runAsNonRoot must be true");
    }
    if (!"RuntimeDefault".equals(path(pod, "securityContext", "seccompProfile", "type"))) {
      problems.add(where + "pod securityContext.seccompProfile.type must be RuntimeDefault");
    }
    if (Boolean.TRUE.equals(pod.get("hostNetwork")) || Boolean.TRUE.equals(pod.get("hostPID"))) {
      problems.add(where + "must not use the host's network or PID namespace");
    }
    Map<String, Map<?, ?>> volumes = new java.util.HashMap<>();
    for (Object v : list(pod.get("volumes"))) {
      volumes.put((String) ((Map<?, ?>) v).get("name"), (Map<?, ?>) v);
    }
    for (Map<?, ?> v : volumes.values()) {
      Object configMap = path(v, "configMap", "name");
      Object secret = path(v, "secret", "secretName");
      if (configMap != null && !defined.contains("ConfigMap/" + configMap)) {
        problems.add(where + "ConfigMap " + configMap + " is defined nowhere under deploy/");
      }
      if (secret != null && !defined.contains("Secret/" + secret)) {
        problems.add(where + "Secret " + secret + " is defined nowhere under deploy/");
      }
    }
    return volumes;
  }

  /** The container-level rules every workload keeps. */
  private static void containerHardening(
      Map<String, Object> c,
      Map<String, Map<?, ?>> volumes,
      String cw,
      Set<String> defined,
      List<String> problems) {
    Map<?, ?> sc = (Map<?, ?>) c.get("securityContext");
    if (!Boolean.TRUE.equals(path(sc, "readOnlyRootFilesystem"))) {
      problems.add(cw + "securityContext.readOnlyRootFilesystem must be true");
    }
    if (!Boolean.FALSE.equals(path(sc, "allowPrivilegeEscalation"))) {
      problems.add(cw + "securityContext.allowPrivilegeEscalation must be false");
    }
    if (Boolean.TRUE.equals(path(sc, "privileged"))) {
      problems.add(cw + "must not be privileged");
    }
    if (!list(path(sc, "capabilities", "drop")).contains("ALL")
        || !list(path(sc, "capabilities", "add")).isEmpty()) {
      problems.add(cw + "securityContext.capabilities must drop ALL and add none");
    }
    Map<String, String> mounts = new java.util.HashMap<>();
    for (Object m : list(c.get("volumeMounts"))) {
      mounts.put((String) ((Map<?, ?>) m).get("mountPath"), (String) ((Map<?, ?>) m).get("name"));
    }
    if (!isEmptyDir(volumes.get(mounts.get("/tmp")))) {
      problems.add(cw + "/tmp must be an emptyDir (the root file system is read-only)");
    }
    for (Object e : list(c.get("env"))) {
      Object secret = path(e, "valueFrom", "secretKeyRef", "name");
      if (secret != null && !defined.contains("Secret/" + secret)) {
        problems.add(cw + "Secret " + secret + " is defined nowhere under deploy/");
      }
    }
  }

  private static void deployment(
      Rendered r, Map<String, Object> d, Set<String> defined, String where, List<String> problems) {
    Map<?, ?> pod = (Map<?, ?>) path(d, "spec", "template", "spec");
    Map<?, ?> podLabels = (Map<?, ?>) path(d, "spec", "template", "metadata", "labels");
    Map<String, Map<?, ?>> volumes = hardening(pod, defined, where, problems);
    for (Map<String, Object> c : Kustomize.containers(d)) {
      String cw = where + "container " + c.get("name") + ": ";
      containerHardening(c, volumes, cw, defined, problems);
      PROBES.forEach(
          (probe, expectedPath) -> {
            if (!expectedPath.equals(path(c, probe, "httpGet", "path"))) {
              problems.add(cw + probe + " must GET " + expectedPath);
            }
          });
      for (String resource : List.of("requests.cpu", "requests.memory", "limits.memory")) {
        String[] keys = resource.split("\\.");
        if (path(c, "resources", keys[0], keys[1]) == null) {
          problems.add(cw + "resources." + resource + " must be set");
        }
      }
      Map<String, String> mounts = new java.util.HashMap<>();
      for (Object m : list(c.get("volumeMounts"))) {
        mounts.put((String) ((Map<?, ?>) m).get("mountPath"), (String) ((Map<?, ?>) m).get("name"));
      }
      String configLocations = null;
      String javaOptions = "";
      for (Object e : list(c.get("env"))) {
        Map<?, ?> env = (Map<?, ?>) e;
        if ("JAVA_TOOL_OPTIONS".equals(env.get("name"))) {
          javaOptions = String.valueOf(env.get("value"));
        }
        if ("DECIDER_STATE_DIR".equals(env.get("name"))
            && !isEmptyDir(volumes.get(mounts.get(env.get("value"))))) {
          problems.add(cw + "DECIDER_STATE_DIR " + env.get("value") + " must be an emptyDir mount");
        }
        if ("QUARKUS_CONFIG_LOCATIONS".equals(env.get("name"))) {
          configLocations = (String) env.get("value");
        }
      }
      if (!javaOptions.contains("-XX:MetaspaceSize=")) {
        // Without it, the classes loaded by the first failover trigger a full GC in the middle of
        // it (the default threshold is ~21 MB of class metadata; the services use ~60 MB).
        problems.add(cw + "JAVA_TOOL_OPTIONS must set -XX:MetaspaceSize");
      }
      String catalogMount =
          mounts.entrySet().stream()
              .filter(
                  m ->
                      CATALOG_CONFIG_MAP.equals(
                          path(volumes.get(m.getValue()), "configMap", "name")))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(null);
      if (catalogMount == null
          || configLocations == null
          || !List.of(configLocations.split(","))
              .contains(catalogMount + "/application.properties")) {
        problems.add(cw + "must mount the service catalog and list it in QUARKUS_CONFIG_LOCATIONS");
      }
    }
    String sa = (String) pod.get("serviceAccountName");
    if (sa == null || !has(r, "ServiceAccount", sa)) {
      problems.add(where + "its ServiceAccount must be part of the same kustomization");
    }
    boolean bound =
        r.objects().stream()
            .filter(o -> String.valueOf(o.get("kind")).endsWith("RoleBinding"))
            .flatMap(o -> list(o.get("subjects")).stream())
            .anyMatch(s -> Objects.equals(((Map<?, ?>) s).get("name"), sa));
    Object automount = pod.get("automountServiceAccountToken");
    if (!bound && !Boolean.FALSE.equals(automount)) {
      problems.add(where + "has no RBAC here, so automountServiceAccountToken must be false");
    }
    String service = (String) podLabels.get("app.kubernetes.io/name");
    if ("health-prober".equals(service)) {
      meshed(d, where, problems);
    }
    if ("failover-decider".equals(service) && bound) {
      problems.add(where + "the decider needs no Kubernetes rights");
    }
    int replicas = ((Number) Objects.requireNonNullElse(path(d, "spec", "replicas"), 1)).intValue();
    if (replicas > 1
        && !selects(r, "PodDisruptionBudget", podLabels, "spec", "selector", "matchLabels")) {
      problems.add(
          where + replicas + " replicas need a PodDisruptionBudget in the same kustomization");
    }
    if (RUN_HOT.contains(service)) {
      hot(r, d, podLabels, replicas, where, problems);
    }
    if (!selects(r, "Service", podLabels, "spec", "selector")) {
      problems.add(
          where + "needs a Service (metrics) selecting its pods in the same kustomization");
    }
  }

  /**
   * The failover path must survive the loss of one node (a preempted spot node, an eviction): the
   * decider and each actuator run at least two replicas, spread across nodes, with a
   * PodDisruptionBudget that keeps one of them running through a voluntary disruption.
   */
  private static void hot(
      Rendered r,
      Map<String, Object> d,
      Map<?, ?> podLabels,
      int replicas,
      String where,
      List<String> problems) {
    if (replicas < 2) {
      problems.add(
          where
              + "runs "
              + replicas
              + " replica: the failover path needs at least 2 (one node lost must not stop it)");
    }
    List<Map<String, Object>> budgets =
        r.objects().stream()
            .filter(o -> "PodDisruptionBudget".equals(o.get("kind")))
            .filter(
                o -> {
                  Map<?, ?> selector = (Map<?, ?>) path(o, "spec", "selector", "matchLabels");
                  return selector != null
                      && !selector.isEmpty()
                      && podLabels.entrySet().containsAll(selector.entrySet());
                })
            .toList();
    if (budgets.isEmpty()) {
      problems.add(where + "needs a PodDisruptionBudget selecting its pods (minAvailable: 1)");
    }
    for (Map<String, Object> budget : budgets) {
      Object min = path(budget, "spec", "minAvailable");
      Object max = path(budget, "spec", "maxUnavailable");
      boolean keepsOne =
          (min instanceof Number n && n.intValue() >= 1)
              || (max instanceof Number m && m.intValue() < replicas);
      if (!keepsOne) {
        problems.add(
            where
                + "PodDisruptionBudget "
                + name(budget)
                + " must keep a replica (minAvailable: 1)");
      }
    }
    Map<?, ?> pod = (Map<?, ?>) path(d, "spec", "template", "spec");
    boolean spread =
        list(
                    path(
                        pod,
                        "affinity",
                        "podAntiAffinity",
                        "preferredDuringSchedulingIgnoredDuringExecution"))
                .stream()
                .anyMatch(t -> HOSTNAME.equals(path(t, "podAffinityTerm", "topologyKey")))
            || list(
                    path(
                        pod,
                        "affinity",
                        "podAntiAffinity",
                        "requiredDuringSchedulingIgnoredDuringExecution"))
                .stream()
                .anyMatch(t -> HOSTNAME.equals(path(t, "topologyKey")))
            || list(pod.get("topologySpreadConstraints")).stream()
                .anyMatch(t -> HOSTNAME.equals(path(t, "topologyKey")));
    if (!spread) {
      problems.add(
          where + "its replicas must prefer different nodes (podAntiAffinity on " + HOSTNAME + ")");
    }
  }

  private static void role(Map<String, Object> role, String where, List<String> problems) {
    String owner = (String) path(role, "metadata", "labels", "app.kubernetes.io/name");
    Map<String, List<String>> allowed = ALLOWED_RULES.getOrDefault(owner, Map.of());
    if (!SERVICES.contains(owner)) {
      problems.add(where + "must be labelled app.kubernetes.io/name with the service it is for");
    }
    if ("traffic-switcher".equals(owner) && !"Role".equals(role.get("kind"))) {
      problems.add(where + "the switcher gets a Role per namespace, never a ClusterRole");
    }
    for (Object r : list(role.get("rules"))) {
      Map<?, ?> rule = (Map<?, ?>) r;
      if (rule.get("nonResourceURLs") != null) {
        problems.add(where + "nonResourceURLs are not allowed");
      }
      for (Object group : list(rule.get("apiGroups"))) {
        for (Object resource : list(rule.get("resources"))) {
          String key = group + "/" + resource;
          List<String> verbs = allowed.get(key);
          if (verbs == null) {
            problems.add(where + owner + " may not access " + key);
            continue;
          }
          for (Object verb : list(rule.get("verbs"))) {
            if (!verbs.contains(verb)) {
              problems.add(
                  where + owner + " may not " + verb + " " + key + " (only " + verbs + ")");
            }
          }
        }
      }
    }
  }

  private static void binding(
      Rendered r, Map<String, Object> binding, String where, List<String> problems) {
    String owner = (String) path(binding, "metadata", "labels", "app.kubernetes.io/name");
    String roleKind = (String) path(binding, "roleRef", "kind");
    String roleName = (String) path(binding, "roleRef", "name");
    boolean ownRole =
        r.objects().stream()
            .anyMatch(
                o ->
                    Objects.equals(o.get("kind"), roleKind)
                        && Objects.equals(path(o, "metadata", "name"), roleName)
                        && Objects.equals(
                            path(o, "metadata", "labels", "app.kubernetes.io/name"), owner));
    if (!ownRole) {
      problems.add(where + "must bind a role of the same service from the same kustomization");
    }
    boolean karmada = r.dir().toString().contains("/karmada-apiserver/");
    for (Object s : list(binding.get("subjects"))) {
      Map<?, ?> subject = (Map<?, ?>) s;
      if (karmada
          && !("User".equals(subject.get("kind"))
              && Objects.equals(subject.get("name"), KARMADA_USER_PREFIX + owner))) {
        problems.add(where + "may bind only the User " + KARMADA_USER_PREFIX + owner);
      } else if (!karmada
          && (!"ServiceAccount".equals(subject.get("kind"))
              || !Objects.equals(subject.get("name"), owner)
              || !NAMESPACE.equals(subject.get("namespace")))) {
        problems.add(where + "may bind only the ServiceAccount " + NAMESPACE + "/" + owner);
      }
    }
  }

  private static void topics(List<Rendered> renders, Expectations expected, List<String> problems) {
    Map<String, Map<String, Object>> byName = new java.util.HashMap<>();
    for (Map<String, Object> t : all(renders, "KafkaTopic")) {
      String topic = (String) Objects.requireNonNullElse(path(t, "spec", "topicName"), name(t));
      if (byName.put(topic, t) != null) {
        problems.add("KafkaTopic " + topic + ": defined twice");
      }
    }
    Set<String> contract = new TreeSet<>();
    for (TopicSpec spec : expected.topics()) {
      contract.add(spec.name());
      Map<String, Object> t = byName.get(spec.name());
      if (t == null) {
        problems.add("KafkaTopic " + spec.name() + ": missing (a contract topic)");
        continue;
      }
      if (!Objects.equals(path(t, "spec", "partitions"), expected.partitions())) {
        problems.add("KafkaTopic " + spec.name() + ": partitions must be " + expected.partitions());
      }
      if (!Objects.equals(path(t, "spec", "replicas"), expected.replicas())) {
        problems.add("KafkaTopic " + spec.name() + ": replicas must be " + expected.replicas());
      }
      Map<?, ?> config =
          (Map<?, ?>) Objects.requireNonNullElse(path(t, "spec", "config"), Map.of());
      spec.kafkaConfigs()
          .forEach(
              (key, value) -> {
                if (!value.equals(String.valueOf(config.get(key)))) {
                  problems.add("KafkaTopic " + spec.name() + ": " + key + " must be " + value);
                }
              });
      if (spec.compacted() && config.containsKey("retention.ms")) {
        problems.add("KafkaTopic " + spec.name() + ": a compacted topic keeps no retention.ms");
      }
    }
    for (String topic : byName.keySet()) {
      if (!contract.contains(topic)) {
        problems.add("KafkaTopic " + topic + ": not a contract or dead-letter topic");
      }
    }
  }

  /**
   * The prober probes the desktop through the Service that Linkerd mirrors from the linked cluster,
   * whose gateway accepts only mTLS from meshed proxies (linkerd2#7790): an unmeshed prober would
   * see the desktop DOWN for ever. So its pods are injected. The brokers (Strimzi) are not meshed,
   * so the proxy must not take the Kafka connections: their port is a skipped outbound port, as
   * Linkerd documents for destinations outside the mesh.
   */
  private static void meshed(Map<String, Object> d, String where, List<String> problems) {
    Map<?, ?> annotations =
        (Map<?, ?>)
            Objects.requireNonNullElse(
                path(d, "spec", "template", "metadata", "annotations"), Map.of());
    if (!"enabled".equals(annotations.get("linkerd.io/inject"))) {
      problems.add(
          where
              + "pod template must be meshed (annotation linkerd.io/inject: enabled): the"
              + " multicluster gateway accepts only mTLS from meshed proxies (linkerd2#7790)");
    }
    Set<String> skipped = new HashSet<>();
    Object skip = annotations.get("config.linkerd.io/skip-outbound-ports");
    if (skip != null) {
      for (String port : String.valueOf(skip).split(",")) {
        skipped.add(port.trim());
      }
    }
    for (Map<String, Object> c : Kustomize.containers(d)) {
      for (Object e : list(c.get("env"))) {
        Map<?, ?> env = (Map<?, ?>) e;
        if (!"KAFKA_BOOTSTRAP_SERVERS".equals(env.get("name")) || env.get("value") == null) {
          continue;
        }
        for (String server : String.valueOf(env.get("value")).split(",")) {
          String port = server.substring(server.lastIndexOf(':') + 1).trim();
          if (!skipped.contains(port)) {
            problems.add(
                where
                    + "the Kafka port "
                    + port
                    + " must be in config.linkerd.io/skip-outbound-ports (the brokers are not"
                    + " meshed)");
          }
        }
      }
    }
  }

  private static void users(List<Rendered> renders, Expectations expected, List<String> problems) {
    Set<String> seen = new HashSet<>();
    for (Map<String, Object> user : all(renders, "KafkaUser")) {
      String name = name(user);
      seen.add(name);
      Set<Acl> want = expected.aclsByUser().get(name);
      if (want == null) {
        problems.add("KafkaUser " + name + ": no service or rule asks for this user");
        continue;
      }
      Set<Acl> have = KafkaAcls.ofKafkaUser(user);
      Set<Acl> extra = new TreeSet<>(have);
      extra.removeAll(want);
      Set<Acl> missing = new TreeSet<>(want);
      missing.removeAll(have);
      if (!extra.isEmpty()) {
        problems.add("KafkaUser " + name + ": grants more than its configuration uses: " + extra);
      }
      if (!missing.isEmpty()) {
        problems.add("KafkaUser " + name + ": lacks what its configuration uses: " + missing);
      }
    }
    for (String user : expected.aclsByUser().keySet()) {
      if (!seen.contains(user)) {
        problems.add("KafkaUser " + user + ": missing");
      }
    }
  }

  /**
   * An HTTPRoute's parents are Services (GAMMA): Linkerd's policy controller applies no other
   * (outbound index: a parent that is a Service or an EgressNetwork), so weights written on a route
   * with a Gateway parent would move no meshed request.
   */
  private static void gammaRoute(Map<String, Object> route, String where, List<String> problems) {
    Object refs = path(route, "spec", "parentRefs");
    List<?> parents = refs instanceof List<?> list ? list : List.of();
    if (parents.isEmpty()) {
      problems.add(where + "has no parentRefs: its parent must be the Service its clients call");
    }
    for (Object parent : parents) {
      Map<?, ?> ref = parent instanceof Map<?, ?> m ? m : Map.of();
      Object group = ref.get("group");
      boolean service =
          "Service".equals(ref.get("kind"))
              && (group == null || "".equals(group) || "core".equals(group));
      if (!service) {
        problems.add(
            where
                + "parentRef "
                + ref.get("name")
                + " is not a Service (group: core, kind: Service): Linkerd applies only GAMMA"
                + " routes, whose parent is the Service its meshed clients call");
      }
    }
  }

  /** Every object of a kind; one that two kustomizations share (an overlay, its base) once. */
  static List<Map<String, Object>> all(List<Rendered> renders, String kind) {
    List<Map<String, Object>> unique = new ArrayList<>();
    for (Rendered r : renders) {
      for (Map<String, Object> o : r.objects()) {
        if (kind.equals(o.get("kind")) && !unique.contains(o)) {
          unique.add(o);
        }
      }
    }
    return unique;
  }

  private static boolean isEmptyDir(Map<?, ?> volume) {
    return volume != null && volume.get("emptyDir") != null;
  }

  private static boolean has(Rendered r, String kind, String name) {
    return r.objects().stream()
        .anyMatch(o -> kind.equals(o.get("kind")) && name.equals(path(o, "metadata", "name")));
  }

  static boolean selects(Rendered r, String kind, Map<?, ?> podLabels, String... selector) {
    return r.objects().stream()
        .filter(o -> kind.equals(o.get("kind")))
        .map(o -> (Map<?, ?>) path(o, selector))
        .anyMatch(s -> s != null && !s.isEmpty() && podLabels.entrySet().containsAll(s.entrySet()));
  }

  static String name(Map<String, Object> o) {
    return String.valueOf(path(o, "metadata", "name"));
  }
}
