package io.hybridfailover.devstack.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridfailover.devstack.drill.Drills;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local world's Prometheus: its scaled rules, its scrape labels, and reading its alerts. */
class LocalPrometheusTest {

  /** The repository root: the module's parent when run by Maven. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyForIsDividedByTheOneScaleFactor_andNothingElseOfARuleChanges() {
    assertEquals(30, LocalPrometheus.FOR_SCALE);
    assertEquals("2000ms", LocalPrometheus.scaled("1m"));
    assertEquals("120000ms", LocalPrometheus.scaled("1h"));
    assertEquals("10000ms", LocalPrometheus.scaled("5m"));
    assertEquals("5000ms", LocalPrometheus.scaled("2m30s"));
    assertThrows(IllegalArgumentException.class, () -> LocalPrometheus.scaled("5 minutes"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theDeployedRulesAreLoadedWithScaledForAndAOneSecondInterval() throws Exception {
    Map<String, Object> rules =
        LocalPrometheus.scaledRules(ROOT.resolve("deploy/monitoring/rules.yaml"));
    List<Map<String, Object>> groups = (List<Map<String, Object>>) rules.get("groups");
    List<String> fors = new ArrayList<>();
    for (Map<String, Object> group : groups) {
      assertEquals("1s", group.get("interval"));
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        assertTrue(String.valueOf(rule.get("expr")).length() > 10, "the expression as deployed");
        if (rule.get("for") != null) {
          fors.add(rule.get("alert") + " " + rule.get("for"));
        }
      }
    }
    assertTrue(fors.contains("HybridDesktopDown 2000ms"), fors.toString());
    assertTrue(fors.contains("HybridDeciderNotProcessing 10000ms"), fors.toString());
  }

  @Test
  @SuppressWarnings("unchecked")
  void eachProcessIsScrapedWithTheLabelsAGkePodMonitoringGives() {
    Map<String, Object> config =
        LocalPrometheus.config(
            List.of(
                new LocalPrometheus.Target("health-prober", "prober-1", 4001),
                new LocalPrometheus.Target("health-prober", "prober-2", 4002),
                new LocalPrometheus.Target("failover-decider", "failover-decider", 4003)));
    List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
    assertEquals(
        List.of("failover-decider", "health-prober"),
        jobs.stream().map(j -> j.get("job_name")).toList());
    Map<String, Object> probers = jobs.get(1);
    assertEquals("/q/metrics", probers.get("metrics_path"));
    List<Map<String, Object>> statics = (List<Map<String, Object>>) probers.get("static_configs");
    assertEquals(List.of("127.0.0.1:4002"), statics.get(1).get("targets"));
    assertEquals(
        Map.of("pod", "prober-2", "container", "health-prober", "namespace", "hybrid-failover"),
        statics.get(1).get("labels"));
    assertEquals(
        Map.of("scrape_interval", "1s", "evaluation_interval", "1s"), config.get("global"));
  }

  @Test
  void onlyFiringAlertsAreTaken_withTheirLabels() throws Exception {
    String answer =
        """
        {"status":"success","data":{"alerts":[
          {"labels":{"alertname":"HybridDesktopDown","service":"shop/web","severity":"page"},
           "state":"firing","activeAt":"2026-12-06T16:00:00Z","value":"1e+00"},
          {"labels":{"alertname":"HybridProberSilent","pod":"prober-3","severity":"ticket"},
           "state":"pending","activeAt":"2026-12-06T16:00:01Z","value":"0e+00"}]}}
        """;
    Instant now = Instant.parse("2026-12-06T16:00:05Z");
    List<LocalPrometheus.Firing> firing =
        LocalPrometheus.firing(new ObjectMapper().readTree(answer), now);
    assertEquals(
        List.of(
            new LocalPrometheus.Firing(
                "HybridDesktopDown", now, Map.of("service", "shop/web", "severity", "page"))),
        firing);
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyAlertADrillExpectsIsARuleOfDeployMonitoring() throws Exception {
    List<String> defined = new ArrayList<>();
    Map<String, Object> rules =
        LocalPrometheus.scaledRules(ROOT.resolve("deploy/monitoring/rules.yaml"));
    for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        defined.add(String.valueOf(rule.get("alert")));
      }
    }
    Drills.all()
        .forEach(
            drill ->
                drill
                    .alerts()
                    .fireWithin()
                    .keySet()
                    .forEach(
                        alert ->
                            assertTrue(
                                defined.contains(alert),
                                drill.name() + " expects " + alert + ", which no rule defines")));
    for (String drill : List.of("outage", "poison", "decider-crash", "prober-loss")) {
      assertTrue(Drills.byName(drill).orElseThrow().alerts().declared(), drill);
    }
  }
}
