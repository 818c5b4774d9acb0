package io.hybridfailover.devstack.run;

import io.hybridfailover.devstack.drill.AlertExpectations;
import io.hybridfailover.devstack.world.LocalPrometheus;
import io.hybridfailover.devstack.world.LocalPrometheus.Firing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts a real Prometheus fired during a drill ({@code ./demo --prometheus}), each with its
 * first firing timed from the drill's first fault; those that fired while the world started are
 * kept apart and not judged.
 *
 * @param start the drill's first fault
 * @param fired from the first fault on, in the order they first fired
 * @param whileStarting before it, in the order they first fired
 */
record FiredAlerts(Instant start, List<Firing> fired, List<Firing> whileStarting) {

  /**
   * The alerts fired so far, once every alert {@code expected} has fired or the latest time it may
   * fire has passed: a drill may end before an alert is due.
   */
  static FiredAlerts await(LocalPrometheus alerts, AlertExpectations expected, Instant start)
      throws InterruptedException {
    Duration latest =
        expected.fireWithin().values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    Instant deadline = start.plus(latest);
    while (Instant.now().isBefore(deadline)
        && !alerts.firstFirings().stream()
            .map(Firing::alert)
            .toList()
            .containsAll(expected.fireWithin().keySet())) {
      Thread.sleep(250);
    }
    return new FiredAlerts(start, alerts.firstFirings(), alerts.startUpFirings());
  }

  /** When {@code firing} first fired, in ms from the first fault (negative: before it). */
  long msOf(Firing firing) {
    return Duration.between(start, firing.at()).toMillis();
  }

  /** Each alert's first firing from the first fault: what the drill's alert expectations judge. */
  Map<String, Long> firstMs() {
    Map<String, Long> firstMs = new LinkedHashMap<>();
    fired.forEach(firing -> firstMs.put(firing.alert(), msOf(firing)));
    return firstMs;
  }

  /** {@code alerts} of the drill's JSON. */
  Map<String, Object> report(boolean declared) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("forScale", LocalPrometheus.FOR_SCALE);
    report.put("declared", declared);
    report.put("fired", entries(fired));
    report.put("firedWhileStarting", entries(whileStarting));
    return report;
  }

  private List<Map<String, Object>> entries(List<Firing> firings) {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (Firing firing : firings) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("alert", firing.alert());
      one.put("firstFiringMs", msOf(firing));
      one.put("labels", firing.labels());
      entries.add(one);
    }
    return entries;
  }
}
