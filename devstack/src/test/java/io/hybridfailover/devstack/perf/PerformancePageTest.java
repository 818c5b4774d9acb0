package io.hybridfailover.devstack.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerformancePageTest {

  private static Map<String, Object> outage() {
    Map<String, Object> stages = new LinkedHashMap<>();
    stages.put("decision", 582);
    stages.put("committed", 600);
    stages.put("inApi.HTTPRoute", 698);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("drill", "outage");
    d.put("passed", true);
    d.put("detectionMs", 686);
    d.put("failoverMs", 698);
    d.put("failbackMs", 14786);
    d.put("recoveryMs", null);
    d.put("routingChanges", 4);
    d.put("lostCommands", 0);
    d.put("staleWrites", 0);
    d.put("deadLetters", Map.of("hybrid.failover.commands.v1.dlq", 2));
    d.put("unexpectedDeadLetters", 0);
    d.put("availabilityPct", 98.1);
    d.put("epochs", List.of(1, 2, 3, 4, 5));
    d.put("stagesMs", stages);
    return d;
  }

  private static final String HAPROXY =
      "haproxy 2.6.12: inter 250 ms, fall 3, rise 3, 10 drills\n"
          + "failover ms: min 546 median 643 max 746 (detection window (fall-1)..fall x inter ="
          + " 500..750 ms)\n"
          + "errors during switch: median 0 of ~60 requests\n";

  @Test
  void theDrillsTableTheStagesAndTheComparisonWithHaproxyComeFromTheInputs() {
    String page =
        PerformancePage.render(
            new PerformancePage.Inputs(
                Instant.parse("2026-12-06T16:00:00Z"),
                "2 cores",
                "`target/drill/outage.json`",
                List.of(outage()),
                Map.of(PerformancePage.HAPROXY, HAPROXY)));

    assertTrue(page.contains("Generated 2026-12-06T16:00:00Z by `bin/perf-page` on 2 cores"), page);
    assertTrue(
        page.contains(
            "| `outage` | pass | 686 ms | 698 ms | 14,786 ms | - | 4 | 0 | 0 | 2 (0) | 98.10 % | 1-5 |"),
        page);
    assertTrue(page.contains("| `inApi.HTTPRoute` | 698 |"), page);
    assertTrue(
        page.contains("`outage` failed over in 698 ms: +55 ms against HAProxy's median"), page);
    assertTrue(page.contains("Not run for this page"), page);
  }

  @Test
  void aFailedExpectationIsListedWithItsDetail() {
    Map<String, Object> failed = outage();
    failed.put("passed", false);
    failed.put(
        "expectations",
        List.of(
            Map.of("expectation", "routing fails over and back exactly once", "passed", true),
            Map.of(
                "expectation", "no command is lost", "passed", false, "detail", "epoch 3 lost")));
    String page =
        PerformancePage.render(
            new PerformancePage.Inputs(Instant.EPOCH, "m", "s", List.of(failed), Map.of()));
    assertTrue(page.contains("| `outage` | **FAIL** |"), page);
    assertTrue(page.contains("- `outage`: no command is lost: epoch 3 lost"), page);
  }

  @Test
  void haproxyMedianIsReadFromTheScriptsOutput() {
    assertEquals(Optional.of(643L), PerformancePage.haproxyMedian(HAPROXY));
    assertEquals(Optional.empty(), PerformancePage.haproxyMedian("haproxy did not start"));
  }

  @Test
  void withoutSummaryJsonTheDrillsJsonFilesAreMerged(@TempDir Path root) throws Exception {
    Path drill = Files.createDirectories(root.resolve("target/drill"));
    Files.writeString(
        drill.resolve("outage.json"),
        "{\"drill\":\"outage\",\"passed\":true,\"failoverMs\":700,\"settle\":{}}");
    Files.writeString(
        drill.resolve("flap.json"), "{\"drill\":\"flap\",\"passed\":true,\"failoverMs\":800}");
    Path out = root.resolve("docs/performance.md");
    PerformancePage page = new PerformancePage();
    page.root = root;
    assertEquals(0, page.call());
    String text = Files.readString(out);
    assertTrue(text.contains("| `outage` | pass | - | 700 ms |"), text);
    assertTrue(text.contains("| `flap` | pass | - | 800 ms |"), text);
    assertTrue(text.contains("one `./demo <drill>` each"), text);
  }
}
