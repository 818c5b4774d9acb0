package io.hybridfailover.devstack.drill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which alerts of deploy/monitoring a drill makes fire, each by when (from the first fault), and
 * that no other fires; judged only under {@code ./demo --prometheus}, where a real Prometheus
 * evaluates the rules. A drill that declares none has its alerts shown, not judged.
 *
 * @param declared whether the drill states its alerts (false: {@link #UNDECLARED})
 * @param fireWithin each alert that must fire, with the latest time it may first fire
 */
public record AlertExpectations(boolean declared, Map<String, Duration> fireWithin) {

  public static final AlertExpectations UNDECLARED = new AlertExpectations(false, Map.of());

  public AlertExpectations {
    fireWithin = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fireWithin));
  }

  /** {@code alert} fires within {@code seconds} of the first fault, and no other alert fires. */
  public static AlertExpectations fires(String alert, int seconds) {
    return new AlertExpectations(true, Map.of()).and(alert, seconds);
  }

  /** Also {@code alert}, within {@code seconds}. */
  public AlertExpectations and(String alert, int seconds) {
    Map<String, Duration> more = new LinkedHashMap<>(fireWithin);
    more.put(alert, Duration.ofSeconds(seconds));
    return new AlertExpectations(true, more);
  }

  /** One judged expectation: what it says, and why it was not met (empty: met). */
  public record Check(String description, Optional<String> violation) {}

  /**
   * The checks of this drill's alerts against what fired.
   *
   * @param firstFiringMs each alert that fired, with when it first fired, in ms from the first
   *     fault (negative: before it)
   */
  public List<Check> checks(Map<String, Long> firstFiringMs) {
    List<Check> checks = new ArrayList<>();
    if (!declared) {
      return checks;
    }
    fireWithin.forEach(
        (alert, within) -> {
          Long at = firstFiringMs.get(alert);
          String description =
              "alert " + alert + " fires within " + within.toSeconds() + " s of the first fault";
          Optional<String> violation;
          if (at == null) {
            violation = Optional.of("it never fired");
          } else if (at < 0) {
            violation = Optional.of("it fired " + seconds(at) + ", before the fault");
          } else if (at > within.toMillis()) {
            violation = Optional.of("it fired only at " + seconds(at));
          } else {
            violation = Optional.empty();
          }
          checks.add(new Check(description, violation));
        });
    List<String> others =
        firstFiringMs.entrySet().stream()
            .filter(e -> !fireWithin.containsKey(e.getKey()))
            .map(e -> e.getKey() + " fired at " + seconds(e.getValue()))
            .toList();
    checks.add(
        new Check(
            fireWithin.isEmpty() ? "no alert fires" : "no other alert fires",
            others.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", others))));
    return checks;
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%+.1f s", millis / 1000.0);
  }
}
