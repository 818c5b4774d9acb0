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
 * @param alerts the alerts it makes fire ({@code ./demo --prometheus})
 */
public record Drill(
    String name,
    String summary,
    boolean coldStandby,
    List<Step> steps,
    boolean returnsHome,
    Duration quietFor,
    List<Expectation> expectations,
    WorldShape shape,
    AlertExpectations alerts) {

  public Drill {
    steps = List.copyOf(steps);
    expectations = List.copyOf(expectations);
  }

  /** A drill that declares no alerts. */
  public Drill(
      String name,
      String summary,
      boolean coldStandby,
      List<Step> steps,
      boolean returnsHome,
      Duration quietFor,
      List<Expectation> expectations,
      WorldShape shape) {
    this(
        name,
        summary,
        coldStandby,
        steps,
        returnsHome,
        quietFor,
        expectations,
        shape,
        AlertExpectations.UNDECLARED);
  }

  /** This drill, making {@code alerts} fire (and no other). */
  public Drill alerting(AlertExpectations alerts) {
    return new Drill(
        name, summary, coldStandby, steps, returnsHome, quietFor, expectations, shape, alerts);
  }

  /** This drill in a world of {@code services} services ({@code ./demo --services N}). */
  public Drill withServices(int services) {
    return new Drill(
        name,
        summary,
        coldStandby,
        steps,
        returnsHome,
        quietFor,
        expectations,
        shape.withServices(services),
        alerts);
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

  /**
   * When the desktop's first fault comes (its first {@link Action.SetDesktop} step): detection and
   * failover are timed from it, so that a fault of our own parts laid before the outage (a
   * partition) does not count in them. Zero when the desktop is never touched.
   */
  public Duration outageAt() {
    return steps.stream()
        .filter(step -> step.action() instanceof Action.SetDesktop)
        .map(Step::at)
        .findFirst()
        .orElse(Duration.ZERO);
  }

  public Duration lastStep() {
    return steps.get(steps.size() - 1).at();
  }
}
