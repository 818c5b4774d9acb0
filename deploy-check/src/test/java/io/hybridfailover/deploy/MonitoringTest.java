package io.hybridfailover.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridfailover.decider.DeciderTopology;
import io.hybridfailover.decider.core.Decider;
import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.hybridfailover.deploy.Kustomize.Rendered;
import io.hybridfailover.events.Topics;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.TopicClient;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/monitoring: a PodMonitoring per service, the alerts (Rules and the same as a
 * PrometheusRule) each with a summary and a runbook section, and the Grafana dashboard; every
 * metric an alert or a panel names is one the services expose.
 */
class MonitoringTest {

  private static final Path ROOT = DeployExpectations.root();
  private static final Path MONITORING = ROOT.resolve("deploy/monitoring");

  /** The alerts the issue asks for, by name. */
  static final List<String> ALERTS =
      List.of(
          "HybridDesktopDown",
          "HybridFailedOverOverAnHour",
          "HybridStandbyTimeout",
          "HybridActuationFailedOrRefused",
          "HybridRouteNotApplied",
          "HybridDeadLettersGrowing",
          "HybridProberSilent",
          "HybridProberSkewed",
          "HybridDeciderNotProcessing",
          "HybridOperatorOverride");

  /** The certificate alert, on the Strimzi cluster operator's metrics (cluster-wide rules). */
  static final List<String> CERTIFICATE_ALERTS = List.of("HybridKafkaCertificateExpiring");

  /**
   * Metrics of other software that the rules name: the Strimzi cluster operator's certificate
   * expiry (its documented metric, scraped by certificates.yaml's ClusterPodMonitoring).
   */
  static final Set<String> EXTERNAL = Set.of("strimzi_certificate_expiration_timestamp_ms");

  /**
   * Metric names in PromQL: ours, Kafka's (through Micrometer) and Strimzi's, and the scrape's own
   * up; not a label value in quotes.
   */
  private static final Pattern METRIC =
      Pattern.compile("(?<![\"\\w])((?:hybrid|kafka|strimzi)_[a-z0-9_]+|up(?=\\{))");

  private static Set<String> exposed;

  @TempDir static Path stateDir;

  @BeforeAll
  static void collectTheExposedMetrics() throws Exception {
    Set<String> names = new TreeSet<>(Set.of("up"));
    for (String service : ManifestRules.SERVICES) {
      names.addAll(MetricCatalog.ofService(ROOT.resolve(service)));
    }
    // The reconcile loop both actuators run counts their results (hybrid.actuator.results).
    names.addAll(MetricCatalog.ofService(ROOT.resolve("actuator-support")));
    names.addAll(kafkaStreamsMetricsOfTheDecider());
    names.addAll(EXTERNAL);
    exposed = names;
  }

  /**
   * The decider's topology on a real broker, with Micrometer's Kafka Streams binder (what Quarkus
   * binds), fed one valid and one invalid observation: the scrape then holds the processing, lag
   * and per-topic send metrics, the dead-letter topic's included.
   */
  private static final String CONSUMER_LAG = "kafka_consumer_fetch_manager_records_lag_max";

  private static Set<String> kafkaStreamsMetricsOfTheDecider() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "failover-decider-metrics");
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
      props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();
      try (KafkaStreams streams =
              new KafkaStreams(
                  DeciderTopology.build(
                      new Decider(DeciderSettingsSet.fromProperties(Map.of())),
                      state -> {},
                      "/deploy-check"),
                  props);
          // The binder picks up metrics Kafka registers later (a topic's, a partition's) when it
          // refreshes: every second here, not every minute, so the wait below sees them soon.
          KafkaStreamsMetrics metrics =
              new KafkaStreamsMetrics(streams, List.of(), refresher, Duration.ofSeconds(1))) {
        metrics.bindTo(registry);
        streams.start();
        topics.sendRaw(Topics.OBSERVATIONS, "shop/web@desktop", "not an event");
        // The dead letter's send, and the consumer's lag (there once its partitions are assigned).
        String scrape =
            await()
                .alias("the dead letter and the consumer's lag")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(
                    registry::scrape,
                    scraped ->
                        scraped.contains("topic=\"" + Topics.dlq(Topics.OBSERVATIONS) + "\"")
                            && scraped.contains(CONSUMER_LAG));
        return MetricCatalog.ofScrape(scrape);
      } finally {
        refresher.shutdownNow();
      }
    }
  }

  @Test
  void theCertificateAlertIsTheSameInBothFormatsWithARunbookSection() throws IOException {
    List<Map<?, ?>> rules = rules(inBothFormats("ClusterRules", "hybrid-failover-certificates"));
    assertEquals(CERTIFICATE_ALERTS, rules.stream().map(r -> r.get("alert")).toList());
    String readme = Files.readString(ROOT.resolve("deploy/README.md"));
    for (Map<?, ?> rule : rules) {
      assertTrue(readme.contains("### " + rule.get("alert")), "a runbook section");
      assertEquals(List.of(), missing(List.of((String) rule.get("expr")), exposed));
    }
  }

  @Test
  void everyServiceIsScrapedOnItsMetricsPort() {
    Rendered monitoring = Kustomize.render(MONITORING);
    for (String service : ManifestRules.SERVICES) {
      Map<String, Object> podMonitoring = one(monitoring, "PodMonitoring", service);
      assertEquals(
          service,
          Kustomize.path(
              podMonitoring, "spec", "selector", "matchLabels", "app.kubernetes.io/name"));
      Map<?, ?> endpoint =
          (Map<?, ?>) Kustomize.list(Kustomize.path(podMonitoring, "spec", "endpoints")).get(0);
      assertEquals("/q/metrics", endpoint.get("path"));
      Rendered base = Kustomize.render(ROOT.resolve("deploy").resolve(service).resolve("base"));
      Map<String, Object> deployment =
          base.objects().stream()
              .filter(o -> "Deployment".equals(o.get("kind")))
              .findFirst()
              .orElseThrow();
      assertEquals(
          service,
          Kustomize.path(
              deployment, "spec", "template", "metadata", "labels", "app.kubernetes.io/name"));
      assertTrue(
          Kustomize.containers(deployment).stream()
              .flatMap(c -> Kustomize.list(c.get("ports")).stream())
              .anyMatch(p -> endpoint.get("port").equals(((Map<?, ?>) p).get("name"))),
          service + ": its pods have a port named " + endpoint.get("port"));
    }
  }

  @Test
  void everyAlertIsDefinedWithASummaryAndARunbookSection() throws IOException {
    String readme = Files.readString(ROOT.resolve("deploy/README.md"));
    Set<String> anchors = new TreeSet<>();
    for (String line : readme.split("\n")) {
      if (line.startsWith("#")) {
        anchors.add(
            line.replaceFirst("^#+\\s*", "")
                .trim()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9 -]", "")
                .replace(' ', '-'));
      }
    }
    List<Map<?, ?>> rules = rules(one(Kustomize.render(MONITORING), "Rules", "hybrid-failover"));
    assertEquals(ALERTS, rules.stream().map(r -> r.get("alert")).toList());
    for (Map<?, ?> rule : rules) {
      Map<?, ?> annotations = (Map<?, ?>) rule.get("annotations");
      String summary = (String) annotations.get("summary");
      assertTrue(summary != null && summary.length() > 40, rule.get("alert") + ": summary");
      String runbook = (String) annotations.get("runbook_url");
      String anchor = runbook.substring(runbook.indexOf('#') + 1);
      assertEquals(String.valueOf(rule.get("alert")).toLowerCase(Locale.ROOT), anchor);
      assertTrue(anchors.contains(anchor), "deploy/README.md has a section " + rule.get("alert"));
    }
    assertTrue(anchors.contains("runbook"), "deploy/README.md has a Runbook section");
  }

  @Test
  void thePrometheusOperatorVariantHasTheSameAlerts() {
    inBothFormats("Rules", "hybrid-failover");
  }

  /** The managed-Prometheus rules object, once its PrometheusRule twin is shown to be equal. */
  private static Map<String, Object> inBothFormats(String gmpKind, String name) {
    Map<String, Object> gmp = one(Kustomize.render(MONITORING), gmpKind, name);
    Map<String, Object> operator =
        one(Kustomize.render(MONITORING.resolve("prometheus-operator")), "PrometheusRule", name);
    assertEquals(gmp.get("spec"), operator.get("spec"));
    return gmp;
  }

  @Test
  void everyMetricARuleOrPanelNamesIsExposed() throws IOException {
    List<String> expressions = new ArrayList<>();
    rules(one(Kustomize.render(MONITORING), "Rules", "hybrid-failover"))
        .forEach(rule -> expressions.add((String) rule.get("expr")));
    JsonNode dashboard =
        new ObjectMapper().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        expressions.add(target.get("expr").asText());
      }
    }
    assertTrue(
        dashboard.get("panels").size() >= 8,
        "mode, routing, verdicts, epochs, latency, failures, outcomes, dead letters");
    List<String> problems = missing(expressions, exposed);
    assertEquals(List.of(), problems);
    // The check can fail: a name no service exposes is reported.
    assertFalse(
        missing(List.of("rate(hybrid_decider_flux_capacitor_total[5m])"), exposed).isEmpty());
  }

  @Test
  void theCatalogHoldsEachServicesOwnMeters() {
    assertTrue(exposed.contains("hybrid_decider_mode"), exposed.toString());
    assertTrue(exposed.contains("hybrid_prober_probe_duration_seconds_bucket"), exposed.toString());
    assertTrue(exposed.contains("hybrid_prober_probes_total"), exposed.toString());
    assertTrue(exposed.contains("hybrid_actuator_results_total"), exposed.toString());
  }

  /** The metric names in {@code expressions} that are not in {@code exposed}, one line each. */
  static List<String> missing(List<String> expressions, Set<String> exposed) {
    List<String> problems = new ArrayList<>();
    for (String expression : expressions) {
      Matcher m = METRIC.matcher(expression);
      boolean any = false;
      while (m.find()) {
        any = true;
        if (!exposed.contains(m.group(1))) {
          problems.add(m.group(1) + " (in " + expression + ") is exposed by no service");
        }
      }
      if (!any) {
        problems.add("names no metric: " + expression);
      }
    }
    return problems;
  }

  private static List<Map<?, ?>> rules(Map<String, Object> rulesObject) {
    List<Map<?, ?>> rules = new ArrayList<>();
    for (Object group : Kustomize.list(Kustomize.path(rulesObject, "spec", "groups"))) {
      for (Object rule : Kustomize.list(((Map<?, ?>) group).get("rules"))) {
        rules.add((Map<?, ?>) rule);
      }
    }
    return rules;
  }

  private static Map<String, Object> one(Rendered r, String kind, String name) {
    return r.objects().stream()
        .filter(
            o -> kind.equals(o.get("kind")) && name.equals(Kustomize.path(o, "metadata", "name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(r.dir() + " has no " + kind + " " + name));
  }
}
