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
      assertEquals(List.of(service), deployments, service);
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
                .matches("[a-z0-9.-]+/[^/]+/hybrid-failover/" + service + ":0\\.1\\.0-SNAPSHOT"),
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
    expected.add(new Acl("group", "traffic-switcher", "literal", "Read"));
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
            .matches("[a-z0-9.-]+/[^/]+/hybrid-failover/failover-cli:0\\.1\\.0-SNAPSHOT"),
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
