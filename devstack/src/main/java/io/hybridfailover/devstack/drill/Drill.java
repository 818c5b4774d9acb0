package io.hybridfailover.devstack.drill;

import java.time.Duration;
import java.util.List;

/**
 * A named timeline of faults and what must hold afterwards.
 *
 * @param coldStandby the GKE copy runs only while Karmada places the workload on GKE (it starts
 *     after {@link DrillSettings#gkeStartDelay()}); otherwise it runs throughout (warm standby)
 * @param returnsHome after the last step, wait for the decider to bring everything back (mode
 *     PRIMARY); otherwise watch for {@code quietFor} after the last step
 * @param shape what the drill needs of the world beyond the usual one (a second decider, skewed
 *     clocks, a faulty API)
 */
public record Drill(
    String name,
    String summary,
    boolean coldStandby,
    List<Step> steps,
    boolean returnsHome,
    Duration quietFor,
    List<Expectation> expectations,
    WorldShape shape) {

  public Drill {
    steps = List.copyOf(steps);
    expectations = List.copyOf(expectations);
  }

  /** A drill in the usual world. */
  public Drill(
      String name,
      String summary,
      boolean coldStandby,
      List<Step> steps,
      boolean returnsHome,
      Duration quietFor,
      List<Expectation> expectations) {
    this(name, summary, coldStandby, steps, returnsHome, quietFor, expectations, WorldShape.PLAIN);
  }

  public Duration lastStep() {
    return steps.get(steps.size() - 1).at();
  }
}
