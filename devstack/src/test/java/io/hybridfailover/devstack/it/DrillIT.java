package io.hybridfailover.devstack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridfailover.cli.postmortem.PostMortem;
import io.hybridfailover.devstack.drill.DrillSettings;
import io.hybridfailover.devstack.drill.Drills;
import io.hybridfailover.devstack.run.DrillRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The drills of {@code ./demo}, as {@code ./demo} runs them: the packaged applications of this
 * build as real processes, a real broker, the mock Kubernetes API. Each must meet its expectations,
 * write its figures, and leave no process running and no port bound.
 */
class DrillIT {

  private static final Path ROOT =
      Path.of(System.getProperty("devstack.root", "..")).toAbsolutePath();

  /**
   * Guarantees do not depend on a settled world, but timing does: the outage drill, and the poison
   * drill whose replay must decide within two ticks of the decider while the poison's first dead
   * letters take the decider's cold paths, wait for it here; the others begin once steady.
   */
  static boolean settles(String drill) {
    return drill.equals("outage") || drill.equals("poison");
  }

  private static DrillSettings settingsFor(String drill) {
    return settles(drill) ? DrillSettings.defaults() : DrillSettings.defaults().withoutSettling();
  }

  @ParameterizedTest
  @ValueSource(strings = {"outage", "flap", "poison", "decider-crash"})
  void theDrillMeetsItsExpectationsAndLeavesNothingBehind(String name) throws Exception {
    DrillRunner.Outcome outcome =
        new DrillRunner(ROOT, settingsFor(name), System.out).run(Drills.byName(name).orElseThrow());

    assertTrue(outcome.passed(), name + " failed: " + outcome.failures());
    JsonNode report = new ObjectMapper().readTree(outcome.report().toFile());
    for (String field :
        List.of(
            "drill",
            "detectionMs",
            "failoverMs",
            "failbackMs",
            "routingChanges",
            "falseFailovers",
            "userRequests",
            "userErrors",
            "availabilityPct",
            "epochs",
            "settings",
            "lostCommands",
            "staleWrites",
            "deadLetters",
            "unexpectedDeadLetters",
            "stagesMs")) {
      assertTrue(report.hasNonNull(field), name + ".json lacks " + field);
    }
    // Each of these drills fails over: where its time went, the actuators' receipt included.
    for (String stage : List.of("decision", "committed", "received.traffic-switcher")) {
      assertTrue(report.get("stagesMs").has(stage), name + ".json stagesMs lacks " + stage);
    }
    assertEquals(name, report.get("drill").asText());
    // The outage and poison drills wait for a settled world, as ./demo does; the others begin once
    // steady.
    JsonNode settle = report.get("settle");
    assertEquals(settles(name), settle.get("waitedMs").asLong() > 0, "settle: " + settle);
    assertEquals(0, report.get("falseFailovers").asInt());
    assertEquals(0, report.get("lostCommands").asInt());
    assertEquals(0, report.get("staleWrites").asInt());
    assertEquals(0, report.get("unexpectedDeadLetters").asInt());
    if (name.equals("poison")) {
      assertTrue(report.get("deadLetters").size() >= 4, "a DLQ per poisoned topic: " + report);
    }
    if (name.equals("decider-crash")) {
      assertTrue(report.hasNonNull("recoveryMs"), "decider-crash.json lacks recoveryMs");
    }

    // The drill's post-mortem: its export, its page, and the rules agree with what was recorded.
    PostMortem.Written postMortem = outcome.postMortem().orElseThrow();
    assertTrue(Files.size(postMortem.events()) > 0, "events.jsonl written");
    assertTrue(Files.size(postMortem.report()) > 0, "report.html written");
    // The replay models one decider that never stops: a crash drill's commands come later, and
    // the standby may decide from a state restored a moment behind. Not comparable there.
    if (!name.equals("decider-crash")) {
      assertEquals(List.of(), postMortem.differences(), "replay --compare: same decisions");
    }

    for (long pid : outcome.pids()) {
      assertFalse(
          ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
          "process " + pid + " of the drill still runs");
    }
    for (int port : outcome.ports()) {
      assertTrue(free(port), "port " + port + " of the drill is still bound");
    }
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
