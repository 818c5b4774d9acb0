package io.hybridfailover.devstack.drill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A named timeline of faults and what must hold afterwards; declared with {@link #named}.
 *
 * @param coldStandby the GKE copy runs only while Karmada places the workload on GKE (it starts
 *     after {@link DrillSettings#gkeStartDelay()}); otherwise it runs throughout (warm standby)
 * @param returnsHome after the last step, wait for the decider to bring everything back (mode
 *     PRIMARY); otherwise watch for {@code quietFor} after the last step
 * @param shape what the drill needs of the world beyond the usual one (a second decider, skewed
 *     clocks, a faulty API)
 * @param variant what Karmada and the mesh are given, where it differs from the usual world
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
    WorldVariant variant,
    AlertExpectations alerts) {

  public Drill {
    steps = List.copyOf(steps);
    expectations = List.copyOf(expectations);
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(alerts, "alerts");
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("drill " + name + " has no steps");
    }
  }

  /**
   * A drill to declare: by default in the usual world (warm standby, one service, one broker),
   * waiting after its last step until everything is home, declaring no alerts.
   */
  public static Builder named(String name, String summary) {
    return new Builder(name, summary);
  }

  /** This drill, to declare further (a copy: this one is unchanged). */
  public Builder toBuilder() {
    Builder builder = new Builder(name, summary);
    builder.coldStandby = coldStandby;
    builder.steps.addAll(steps);
    builder.returnsHome = returnsHome;
    builder.quietFor = quietFor;
    builder.expectations.addAll(expectations);
    builder.shape = shape;
    builder.variant = variant;
    builder.alerts = alerts;
    return builder;
  }

  /** This drill in a world of {@code services} services ({@code ./demo --services N}). */
  public Drill withServices(int services) {
    return toBuilder().world(shape.withServices(services)).build();
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

  /** A drill being declared: each method sets one thing and returns the builder. */
  public static final class Builder {
    private final String name;
    private final String summary;
    private boolean coldStandby;
    private final List<Step> steps = new ArrayList<>();
    private boolean returnsHome = true;
    private Duration quietFor = Duration.ZERO;
    private final List<Expectation> expectations = new ArrayList<>();
    private WorldShape shape = WorldShape.PLAIN;
    private WorldVariant variant = WorldVariant.USUAL;
    private AlertExpectations alerts = AlertExpectations.UNDECLARED;

    private Builder(String name, String summary) {
      this.name = Objects.requireNonNull(name, "name");
      this.summary = Objects.requireNonNull(summary, "summary");
    }

    /** The GKE copy at zero replicas until Karmada places the workload there. */
    public Builder coldStandby() {
      this.coldStandby = true;
      return this;
    }

    /** {@code action} at {@code millis} from the drill's start. */
    public Builder step(long millis, Action action) {
      steps.add(Step.at(millis, action));
      return this;
    }

    /** These steps, after any declared so far. */
    public Builder steps(List<Step> more) {
      steps.addAll(more);
      return this;
    }

    /** After the last step, watch for {@code quiet} instead of waiting for everything home. */
    public Builder watchFor(Duration quiet) {
      this.returnsHome = false;
      this.quietFor = Objects.requireNonNull(quiet, "quiet");
      return this;
    }

    /** These must hold afterwards, after any declared so far. */
    public Builder expect(Expectation... more) {
      expectations.addAll(Arrays.asList(more));
      return this;
    }

    /** The world the drill needs, where it differs from the usual one. */
    public Builder world(WorldShape shape) {
      this.shape = Objects.requireNonNull(shape, "shape");
      return this;
    }

    /** What Karmada and the mesh are given, where it differs from the usual world. */
    public Builder variant(WorldVariant variant) {
      this.variant = Objects.requireNonNull(variant, "variant");
      return this;
    }

    /** The alerts it makes fire, and no other ({@code ./demo --prometheus}). */
    public Builder alerting(AlertExpectations alerts) {
      this.alerts = Objects.requireNonNull(alerts, "alerts");
      return this;
    }

    public Drill build() {
      return new Drill(
          name,
          summary,
          coldStandby,
          steps,
          returnsHome,
          quietFor,
          expectations,
          shape,
          variant,
          alerts);
    }
  }
}
