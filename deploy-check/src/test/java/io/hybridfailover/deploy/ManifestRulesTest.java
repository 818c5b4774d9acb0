package io.hybridfailover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.deploy.KafkaAcls.Acl;
import io.hybridfailover.deploy.Kustomize.Rendered;
import io.hybridfailover.deploy.ManifestRules.Expectations;
import io.hybridfailover.events.Topics;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ManifestRulesTest {

  private static final Path DEPLOY = DeployExpectations.root().resolve("deploy");

  private static List<Rendered> renderAll() throws IOException {
    List<Rendered> renders = new ArrayList<>();
    for (Path dir : DeployExpectations.kustomizations(DEPLOY)) {
      renders.add(Kustomize.render(dir));
    }
    return renders;
  }

  @Test
  void everyManifestUnderDeployKeepsTheRules() throws IOException {
    List<Rendered> renders = renderAll();
    assertTrue(renders.size() >= 10, "kustomizations found: " + renders.size());
    assertEquals(List.of(), ManifestRules.check(renders, DeployExpectations.fromRepository()));
  }

  @Test
  void everyManifestUnderDeployIsPartOfAKustomization() throws IOException {
    Set<Path> rendered = new TreeSet<>();
    renderAll().forEach(r -> rendered.addAll(r.files()));
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      List<Path> unchecked =
          files
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .map(Path::normalize)
              .filter(p -> !rendered.contains(p))
              .filter(p -> !p.getParent().resolve("kustomization.yaml").equals(p))
              .filter(p -> !isComponentFile(p))
              // The alert rules' promtool tests: AlertRulesTest runs them.
              .filter(p -> !p.startsWith(AlertRulesTest.TESTS))
              .toList();
      assertEquals(List.of(), unchecked, "YAML that no kustomization renders, so nothing checks");
    }
  }

  private static boolean isComponentFile(Path p) {
    // A component's files are rendered through the overlays that use it.
    return p.toString().contains("/components/");
  }

  @Test
  void eachServiceRendersAndAppliesAlone() {
    for (String service : ManifestRules.SERVICES) {
      Rendered r = Kustomize.render(DEPLOY.resolve(service).resolve("overlays/gke"));
      List<String> deployments = names(r, "Deployment");
      assertEquals(
          service.equals("health-prober")
              ? List.of("health-prober-1", "health-prober-2", "health-prober-3")
              : List.of(service),
          deployments,
          service);
      assertEquals(List.of(service), names(r, "ServiceAccount"), service);
      assertEquals(List.of(service), names(r, "Service"), service);
      for (Map<String, Object> container :
          Kustomize.containers(
              r.objects().stream()
                  .filter(o -> "Deployment".equals(o.get("kind")))
                  .findFirst()
                  .orElseThrow())) {
        assertTrue(
            ((String) container.get("image"))
                .matches("[a-z0-9.-]+/[^/]+/hybrid-failover/" + service + ":0\\.1\\.0"),
            "the overlay sets the pushed image: " + container.get("image"));
      }
    }
  }

  @Test
  void theDecidersAclsFollowItsTopology() {
    Set<Acl> acls = DeployExpectations.aclsOf("failover-decider");
    for (String written :
        List.of(
            Topics.TRANSITIONS,
            Topics.COMMANDS,
            Topics.STATE,
            Topics.dlq(Topics.OBSERVATIONS),
            Topics.dlq(Topics.OVERRIDES),
            Topics.dlq(Topics.RESULTS))) {
      assertTrue(acls.contains(new Acl("topic", written, "literal", "Write")), written);
    }
    // What the topology reads is exactly what Quarkus is told to wait for.
    Set<String> read = new TreeSet<>();
    acls.stream()
        .filter(
            a ->
                a.type().equals("topic")
                    && a.operation().equals("Read")
                    && a.pattern().equals("literal"))
        .forEach(a -> read.add(a.name()));
    assertEquals(
        KafkaAcls.configuredStreamsTopics(DeployExpectations.properties("failover-decider")), read);
    assertTrue(acls.contains(new Acl("transactionalId", "failover-decider", "prefix", "Write")));
    assertTrue(acls.contains(new Acl("topic", "failover-decider", "prefix", "Create")));
    // The decider's repartition topic is internal (prefix), never a literal grant.
    assertTrue(acls.stream().noneMatch(a -> a.name().endsWith("-repartition")), acls.toString());
  }

  @Test
  void theActuatorsAclsFollowTheirChannels() {
    Set<Acl> expected = new TreeSet<>();
    KafkaAcls.topic(expected, Topics.COMMANDS, "Read", "Describe");
    KafkaAcls.topic(expected, Topics.dlq(Topics.COMMANDS), "Write", "Describe");
    KafkaAcls.topic(expected, Topics.RESULTS, "Write", "Describe");
    // A consumer group per replica (each takes every command): traffic-switcher.<instance id>.
    expected.add(new Acl("group", "traffic-switcher.", "prefix", "Read"));
    assertEquals(expected, DeployExpectations.aclsOf("traffic-switcher"));
  }

  @Test
  void theOperatorToolRendersAloneAsAHardenedJobWithTheOperatorsCredentialsAsFiles() {
    Rendered r = Kustomize.render(DEPLOY.resolve("failover-cli/overlays/gke"));
    Map<String, Object> job =
        r.objects().stream().filter(o -> "Job".equals(o.get("kind"))).findFirst().orElseThrow();
    assertEquals(
        List.of(),
        ManifestRules.check(
                List.of(r, Kustomize.render(DEPLOY.resolve("kafka"))),
                DeployExpectations.fromRepository())
            .stream()
            .filter(p -> p.contains("Job"))
            .toList());
    Map<String, Object> container = Kustomize.containers(job).get(0);
    assertTrue(
        ((String) container.get("image"))
            .matches("[a-z0-9.-]+/[^/]+/hybrid-failover/failover-cli:0\\.1\\.0"),
        "the overlay sets the pushed image: " + container.get("image"));
    String env = String.valueOf(container.get("env"));
    assertTrue(!env.contains("secretKeyRef"), "credentials are files, not variables: " + env);
    assertTrue(
        String.valueOf(Kustomize.podSpec(job)).contains("secretName=operator"),
        "the operator KafkaUser's Secret is mounted");
  }

  @Test
  void theOperatorMayReadEveryContractTopicAndWriteOnlyOverrides() {
    Set<Acl> expected = new TreeSet<>();
    for (var topic : Topics.contractTopics()) {
      KafkaAcls.topic(expected, topic.name(), "Read", "Describe");
    }
    KafkaAcls.topic(expected, Topics.OVERRIDES, "Write");
    assertEquals(expected, DeployExpectations.operatorAcls());
    assertTrue(
        expected.stream().noneMatch(a -> a.type().equals("group")),
        "the live commands and export read by assignment, in no group");
  }

  @Test
  void aBrokenManifestIsReported() throws URISyntaxException {
    Path fixture =
        Path.of(
                Objects.requireNonNull(getClass().getResource("/broken/kustomization.yaml"))
                    .toURI())
            .getParent();
    Expectations expectations = DeployExpectations.fromRepository();
    List<String> problems = ManifestRules.check(List.of(Kustomize.render(fixture)), expectations);
    String all = String.join("\n", problems);
    for (String expected :
        List.of(
            "Deployment health-prober: container health-prober: securityContext.readOnlyRootFilesystem must be true",
            "Deployment health-prober: container health-prober: startupProbe must GET /q/health/started",
            "Deployment health-prober: 2 replicas need a PodDisruptionBudget",
            // The failover path on one replica, without a budget, on any node.
            "Deployment karmada-actuator: runs 1 replica: the failover path needs at least 2",
            "Deployment karmada-actuator: needs a PodDisruptionBudget selecting its pods",
            "Deployment karmada-actuator: its replicas must prefer different nodes",
            "Deployment health-prober: container health-prober: JAVA_TOOL_OPTIONS must set"
                + " -XX:MetaspaceSize",
            "Role hybrid-failover-traffic-switcher: traffic-switcher may not delete split.smi-spec.io/trafficsplits",
            "ClusterRole too-much: traffic-switcher may not access */*",
            "KafkaUser traffic-switcher: grants more than its configuration uses: [topic:hybrid.failover.commands.v1:Write]",
            "KafkaUser traffic-switcher: lacks what its configuration uses: [topic:hybrid.failover.results.v1:Describe]",
            "KafkaTopic hybrid.failover.state.v1: cleanup.policy must be compact",
            "Deployment health-prober: pod template must be meshed (annotation linkerd.io/inject:"
                + " enabled)",
            "Deployment health-prober: the Kafka port 9093 must be in"
                + " config.linkerd.io/skip-outbound-ports",
            // Least privilege: each finding of the security review, were it to come back.
            "Deployment health-prober: needs a NetworkPolicy (Ingress and Egress) selecting its pods",
            "Namespace hybrid-failover: has workloads but no default-deny NetworkPolicy",
            "NetworkPolicy open: an ingress rule without from admits every pod",
            "Deployment health-prober: container health-prober: env KAFKA_SASL_JAAS_CONFIG comes from"
                + " a Secret (secretKeyRef): mount credentials as files",
            "Deployment health-prober: mount every key of hybrid-failover-cluster-ca-cert",
            "Deployment health-prober: annotation secret.reloader.stakater.com/reload must name every"
                + " Secret it mounts",
            "KafkaUser traffic-switcher: kafka.strimzi.io/v1beta2 is gone from Strimzi 1.0",
            "KafkaUser traffic-switcher: needs spec.quotas.producerByteRate",
            "KafkaUser health-prober: no service or rule asks for this user",
            "KafkaUser prober-2: missing",
            "KafkaUser dlq-reader: missing",
            "KafkaTopic hybrid-failover-state-v1: needs config max.message.bytes",
            "Namespace hybrid-failover: needs the label pod-security.kubernetes.io/enforce: restricted",
            "Kafka hybrid-failover: listener tls needs networkPolicyPeers",
            "Kafka hybrid-failover: spec.kafka.rack.topologyKey must be topology.kubernetes.io/zone",
            "Kafka hybrid-failover: spec.clusterCa needs renewalDays",
            "Kafka hybrid-failover: needs maintenanceTimeWindows",
            "KafkaNodePool dual-role: controllers must require on-demand nodes",
            "KafkaNodePool dual-role: controllers must spread across zones",
            "Secret karmada-actuator-token: a long-lived service-account token",
            "ClusterRoleBinding hybrid-failover-karmada-actuator: no ClusterRoleBinding for an"
                + " actuator",
            "karmada-actuator: granted more than the catalog needs: [gke cluster"
                + " policy.karmada.io/propagationpolicies get *",
            "traffic-switcher: granted more than the catalog needs: [",
            "gke shop split.smi-spec.io/trafficsplits delete *",
            "HTTPRoute web: parentRef external is not a Service (group: core, kind: Service)",
            "Job loose-cli: pod securityContext.runAsNonRoot must be true",
            "Job loose-cli: pod securityContext.seccompProfile.type must be RuntimeDefault",
            "Job loose-cli: container hybrid: securityContext.readOnlyRootFilesystem must be true",
            "Job loose-cli: container hybrid: securityContext.capabilities must drop ALL",
            "Job loose-cli: container hybrid: resources.limits.memory must be set",
            "Job loose-cli: has no RBAC here, so automountServiceAccountToken must be false")) {
      assertTrue(all.contains(expected), "expected \"" + expected + "\" in:\n" + all);
    }
  }

  @Test
  void anOverlayWithASnapshotImageIsReported() {
    Rendered snapshot =
        new Rendered(
            DEPLOY.resolve("failover-decider/overlays/gke"),
            List.of(
                Map.of(
                    "kind",
                    "Deployment",
                    "metadata",
                    Map.of("name", "failover-decider"),
                    "spec",
                    Map.of(
                        "template",
                        Map.of(
                            "spec",
                            Map.of(
                                "containers",
                                List.of(Map.of("name", "d", "image", "r/p/d:0.1.0-SNAPSHOT"))))))),
            Set.of());
    List<String> problems = new ArrayList<>();
    SecurityRules.releaseImages(snapshot, problems);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("is no release"), problems.toString());
    problems.clear();
    SecurityRules.releaseImages(
        Kustomize.render(DEPLOY.resolve("failover-decider/overlays/gke")), problems);
    assertEquals(List.of(), problems);
  }

  /** A kubeconfig that carries a credential: a token, a client key, a password. */
  static boolean carriesACredential(String text) {
    return Pattern.compile(
            "(?m)^\\s*(token|client-key-data|password):\\s*\\S+"
                + "|^\\s*type:\\s*kubernetes\\.io/service-account-token")
        .matcher(text)
        .find();
  }

  @Test
  void noTrackedFileUnderDeployCarriesAToken() throws IOException {
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      List<Path> withTokens =
          files
              .filter(Files::isRegularFile)
              .filter(
                  p -> {
                    try {
                      return carriesACredential(Files.readString(p));
                    } catch (IOException e) {
                      return true;
                    }
                  })
              .toList();
      assertEquals(List.of(), withTokens);
    }
    assertTrue(carriesACredential("users:\n  - name: a\n    user:\n      token: eyJhbGc\n"));
    assertTrue(carriesACredential("type: kubernetes.io/service-account-token\n"));
    String ignored = Files.readString(DeployExpectations.root().resolve(".gitignore"));
    assertTrue(ignored.contains("kubeconfig.yaml"), "git ignores a filled-in kubeconfig.yaml");
  }

  /** The base image is pinned by digest; an SBOM is written for every image built. */
  static List<String> supplyChainProblems(String service, java.util.Properties props, String pom) {
    List<String> problems = new ArrayList<>();
    String base = props.getProperty("quarkus.jib.base-jvm-image", "");
    if (!base.matches(".+@sha256:[0-9a-f]{64}")) {
      problems.add(service + ": quarkus.jib.base-jvm-image must be pinned by digest: " + base);
    }
    if (!pom.contains("cyclonedx-maven-plugin")) {
      problems.add(service + ": no CycloneDX SBOM (cyclonedx-maven-plugin) for its image");
    }
    return problems;
  }

  @Test
  void everyImageHasAPinnedBaseAndAnSbom() throws IOException {
    String parent = Files.readString(DeployExpectations.root().resolve("pom.xml"));
    for (String service : ManifestRules.SERVICES) {
      assertEquals(
          List.of(),
          supplyChainProblems(service, DeployExpectations.properties(service), parent),
          service);
    }
    assertEquals(
        2,
        supplyChainProblems("x", new java.util.Properties(), "<project/>").size(),
        "an unpinned base and no SBOM are reported");
  }

  @Test
  void theReadmesNameOnlyFoldersAndFilesThatExist() throws IOException {
    Pattern applied = Pattern.compile("apply -k (deploy/[A-Za-z0-9_/-]+)");
    Pattern mentioned = Pattern.compile("(deploy/[A-Za-z0-9_./*<>-]+)");
    Path root = DeployExpectations.root();
    for (Path readme : List.of(root.resolve("README.md"), DEPLOY.resolve("README.md"))) {
      String text = Files.readString(readme);
      Matcher a = applied.matcher(text);
      int applies = 0;
      while (a.find()) {
        applies++;
        assertTrue(
            Files.isRegularFile(root.resolve(a.group(1)).resolve("kustomization.yaml")),
            readme + ": kubectl apply -k " + a.group(1) + " is no kustomization");
      }
      Matcher m = mentioned.matcher(text);
      while (m.find()) {
        String path = m.group(1).replaceAll("[.)]+$", "");
        if (path.contains("*") || path.contains("<")) {
          continue; // a pattern such as deploy/<svc>/overlays/*
        }
        assertTrue(Files.exists(root.resolve(path)), readme + " names " + path);
      }
      assertTrue(readme.endsWith("deploy/README.md") || applies >= 8, readme + ": " + applies);
    }
  }

  private static List<String> names(Rendered r, String kind) {
    return r.objects().stream()
        .filter(o -> kind.equals(o.get("kind")))
        .map(o -> String.valueOf(Kustomize.path(o, "metadata", "name")))
        .toList();
  }
}
