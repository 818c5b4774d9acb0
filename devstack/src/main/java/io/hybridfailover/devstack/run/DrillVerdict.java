package io.hybridfailover.devstack.run;

import io.hybridfailover.devstack.drill.AlertExpectations;
import io.hybridfailover.devstack.drill.Drill;
import io.hybridfailover.devstack.drill.DrillSettings;
import io.hybridfailover.devstack.drill.Expectation;
import io.hybridfailover.devstack.drill.Figures;
import io.hybridfailover.devstack.drill.Moment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A drill's expectations judged on its figures and timeline (and its alerts, with {@code
 * --prometheus}).
 *
 * @param checks each expectation's verdict as the JSON holds it: its description, passed, and why
 *     not
 * @param failures one line per expectation not met; empty when the drill passed
 * @param alerts the alerts section of the JSON, or null without Prometheus
 */
public record DrillVerdict(
    List<Map<String, Object>> checks, List<String> failures, Map<String, Object> alerts) {

  public static DrillVerdict of(
      Drill drill, Figures figures, List<Moment> timeline, DrillSettings settings) {
    List<Map<String, Object>> checks = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Expectation expectation : drill.expectations()) {
      Optional<String> violation = expectation.violation(figures, timeline, settings);
      violation.ifPresent(v -> failures.add(expectation.description() + ": " + v));
      checks.add(check(expectation.description(), violation));
    }
    return new DrillVerdict(checks, failures, null);
  }

  /** This verdict with the drill's alert expectations judged on what Prometheus fired. */
  DrillVerdict withAlerts(Drill drill, FiredAlerts alerts) {
    List<Map<String, Object>> moreChecks = new ArrayList<>(checks);
    List<String> moreFailures = new ArrayList<>(failures);
    for (AlertExpectations.Check check : drill.alerts().checks(alerts.firstMs())) {
      check.violation().ifPresent(v -> moreFailures.add(check.description() + ": " + v));
      moreChecks.add(check(check.description(), check.violation()));
    }
    return new DrillVerdict(moreChecks, moreFailures, alerts.report(drill.alerts().declared()));
  }

  public boolean passed() {
    return failures.isEmpty();
  }

  /** One expectation's verdict, as the JSON holds it: its description, passed, and why not. */
  static Map<String, Object> check(String expectation, Optional<String> violation) {
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("expectation", expectation);
    check.put("passed", violation.isEmpty());
    violation.ifPresent(v -> check.put("detail", v));
    return check;
  }
}
