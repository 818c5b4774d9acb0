package io.hybridfailover.decider.core;

import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The rules about probers' clocks ({@code docs/decision-rules.md#rule-clocks} and {@code
 * #rule-delayed}): what each observation teaches of its prober's clock offset ({@link
 * ProberOffset}), when the decider reckons the observation was made, and what is reported once
 * ({@link ProberClock}): a new offset adopted, observations from the future, observations that all
 * arrive stale. Pure: {@code now} is the observation's arrival by the decider's clock.
 */
final class ProberClocks {

  /** Samples are saturated here, far beyond any offset ever adopted. */
  private static final Duration SAMPLE_BOUND = Duration.ofDays(365L * 100_000);

  private ProberClocks() {}

  /**
   * What one observation taught of its prober's clock.
   *
   * @param before the prober's offset learned before it
   * @param sampleMillis its sample: arrival minus {@code observedAt}, in milliseconds
   * @param state the state with the offset learned from it; a newly adopted offset also clears what
   *     was reported of the prober's clock (it is judged afresh)
   * @param seenAt its {@code observedAt} corrected by the learned offset
   * @param alerts the {@code clock-skew} transition of a newly adopted offset, else empty
   */
  record Learned(
      ProberOffset before,
      long sampleMillis,
      ServiceState state,
      Instant seenAt,
      List<Transition> alerts) {

    /** How far ahead of {@code now} the observation was made, after the learned offset. */
    Duration aheadOf(Instant now) {
      return Duration.between(now, seenAt);
    }

    /** Whether its sample agrees with the offset learned before (it can teach nothing new). */
    boolean agreesWithBefore(Duration maxClockSkew) {
      return before.agrees(sampleMillis, maxClockSkew);
    }
  }

  /**
   * Learns from {@code observation}, arrived at {@code now}, of its prober's clock. A new offset is
   * reported when adopted after a jump at once, a step-by-step move at most once per {@code
   * stale-after}.
   */
  static Learned learn(
      ServiceState state, Observation observation, Instant now, DeciderSettings serviceSettings) {
    String prober = observation.prober();
    Duration maxClockSkew = serviceSettings.maxClockSkew();
    ProberOffset before = state.offset(prober);
    long sample = arrivalMinusObservedAt(observation.observedAt(), now);
    ProberOffset learnedNow = before.learn(sample, now, serviceSettings);
    boolean adopted =
        learnedNow.reportDue(maxClockSkew)
            && (!before.agrees(learnedNow.offsetMillis(), maxClockSkew)
                || before.reportedAt() == null
                || !now.isBefore(before.reportedAt().plus(serviceSettings.staleAfter())));
    ProberOffset learned = adopted ? learnedNow.reported(now) : learnedNow;
    // A new offset: the prober is judged afresh by it, nothing reported of the old one stands.
    ServiceState learnedState =
        adopted
            ? state.withOffset(prober, learned).withClock(prober, ProberClock.NONE)
            : state.withOffset(prober, learned);
    List<Transition> alerts =
        adopted
            ? List.of(
                Reasons.alert(
                    state,
                    observation.cluster(),
                    Reasons.offsetLearned(prober, before, learned, now),
                    now,
                    serviceSettings))
            : List.of();
    return new Learned(
        before, sample, learnedState, learned.corrected(observation.observedAt()), alerts);
  }

  /**
   * An observation further ahead than {@code max-clock-skew} (after the prober's learned offset) is
   * not used; the first one from a prober (again only after it was back within bounds) adds a
   * {@code clock-skew} alert to {@code alerts} (v1.1 clarification 2). The state it is given has
   * still learned from it: once steady, the offset is adopted and the prober counts again.
   *
   * @return the state, the skew marked reported
   */
  static ServiceState aheadOfClock(
      ServiceState learned,
      Observation observation,
      Duration ahead,
      Instant now,
      DeciderSettings serviceSettings,
      List<Transition> alerts) {
    String prober = observation.prober();
    ProberClock clock = learned.clock(prober);
    if (clock.skewReported()) {
      return learned;
    }
    ServiceState reported = learned.withClock(prober, clock.withSkewReported(true));
    String reason = Reasons.aheadOfClock(prober, ahead, learned.offset(prober), serviceSettings);
    alerts.add(Reasons.alert(reported, observation.cluster(), reason, now, serviceSettings));
    return reported;
  }

  /**
   * The prober's clock after a usable observation arrived: fresh, or older than {@code stale-after}
   * (by its {@code observedAt} corrected by the learned offset, {@code seenAt}). When all of a
   * prober's observations have arrived stale for longer than {@code stale-after}, one {@code
   * delayed} alert is added to {@code alerts} (v1.1 clarification 2).
   */
  static ProberClock arrived(
      ServiceState state,
      Observation observation,
      Instant seenAt,
      Instant now,
      DeciderSettings serviceSettings,
      List<Transition> alerts) {
    String prober = observation.prober();
    ProberClock checked = state.clock(prober).withSkewReported(false);
    Duration age = Duration.between(seenAt, now);
    if (age.compareTo(serviceSettings.staleAfter()) <= 0) {
      return checked.arrivedFresh();
    }
    checked = checked.arrivedStale(now);
    if (checked.delayReported()
        || Duration.between(checked.arrivingStaleSince(), now)
                .compareTo(serviceSettings.staleAfter())
            <= 0) {
      return checked;
    }
    checked = checked.withDelayReported();
    alerts.add(
        Reasons.alert(
            state,
            observation.cluster(),
            Reasons.delayed(prober, checked.arrivingStaleSince(), age, serviceSettings),
            now,
            serviceSettings));
    return checked;
  }

  /**
   * A sample of the prober's clock offset: the observation's arrival (the decider's {@code now})
   * minus its {@code observedAt}, in milliseconds, saturated far beyond any offset ever adopted.
   */
  static long arrivalMinusObservedAt(Instant observedAt, Instant now) {
    Duration between = Duration.between(observedAt, now);
    if (between.compareTo(SAMPLE_BOUND) > 0) {
      return SAMPLE_BOUND.toMillis();
    }
    if (between.compareTo(SAMPLE_BOUND.negated()) < 0) {
      return -SAMPLE_BOUND.toMillis();
    }
    return between.toMillis();
  }
}
