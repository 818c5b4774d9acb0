package io.hybridfailover.decider.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The prober clock rules on their own ({@code docs/decision-rules.md#rule-clocks}, {@code
 * #rule-delayed}): one prober, one observation at a time, no verdicts or modes in the way. Stale
 * after 2 s, max-clock-skew 2 s.
 */
class ProberClocksTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final String PROBER = "prober-a";
  private static final DeciderSettings SETTINGS =
      Scenario.settings(1, "stale-after", "2s", "max-clock-skew", "2s");

  private ServiceState state = ServiceState.initial(Scenario.SERVICE);

  private static Observation observedAt(Instant observedAt) {
    return Scenario.oneProber().observation(PROBER, Cluster.DESKTOP, Outcome.UP, observedAt).data();
  }

  /** Learns from an observation stamped {@code clock} ahead of its arrival at {@code now}. */
  private ProberClocks.Learned arrive(Instant now, Duration clock) {
    ProberClocks.Learned learned =
        ProberClocks.learn(state, observedAt(now.plus(clock)), now, SETTINGS);
    state = learned.state();
    return learned;
  }

  @Test
  void aSampleIsArrivalMinusObservedAtSaturatedFarBeyondAnyOffset() {
    assertEquals(-30_000, ProberClocks.arrivalMinusObservedAt(T0.plusSeconds(30), T0));
    assertEquals(250, ProberClocks.arrivalMinusObservedAt(T0.minusMillis(250), T0));
    long bound = Duration.ofDays(365L * 100_000).toMillis();
    assertEquals(bound, ProberClocks.arrivalMinusObservedAt(Instant.MIN, Instant.MAX));
    assertEquals(-bound, ProberClocks.arrivalMinusObservedAt(Instant.MAX, Instant.MIN));
  }

  @Test
  void aClockAheadIsJudgedAheadUntilSteadyThenAdoptedWithOneClockSkewReport() {
    Duration clock = Duration.ofSeconds(30);
    ProberClocks.Learned first = arrive(T0, clock);
    assertEquals(clock, first.aheadOf(T0), "not adopted from one sample");
    assertTrue(first.alerts().isEmpty());

    List<Transition> reports = new ArrayList<>();
    Instant now = T0;
    ProberClocks.Learned learned = first;
    while (learned.aheadOf(now).compareTo(SETTINGS.maxClockSkew()) > 0) {
      now = now.plusMillis(250);
      learned = arrive(now, clock);
      reports.addAll(learned.alerts());
    }
    // Adopted once at least 6 of 8 samples agree and it was steady for stale-after.
    assertEquals(T0.plus(SETTINGS.staleAfter()), now);
    assertEquals(Duration.ZERO, learned.aheadOf(now), "judged by the decider's clock");
    assertEquals(1, reports.size(), reports.toString());
    assertTrue(
        reports
            .get(0)
            .reason()
            .startsWith(Decider.CLOCK_SKEW + ": prober-a's clock runs 30s ahead"),
        reports.get(0).reason());
    assertEquals(ProberClock.NONE, learned.state().clock(PROBER), "judged afresh");

    // Steady on: nothing more to report.
    assertTrue(arrive(now.plusMillis(250), clock).alerts().isEmpty());
  }

  @Test
  void aSampleThatAgreesWithTheOffsetLearnedBeforeTeachesNothingNew() {
    ProberClocks.Learned late = arrive(T0, Duration.ofMillis(-1_500));
    assertTrue(late.agreesWithBefore(SETTINGS.maxClockSkew()));
    ProberClocks.Learned ahead = arrive(T0, Duration.ofSeconds(30));
    assertFalse(ahead.agreesWithBefore(SETTINGS.maxClockSkew()));
  }

  @Test
  void observationsFromTheFutureAreReportedOncePerSpell() {
    List<Transition> alerts = new ArrayList<>();
    Observation ahead = observedAt(T0.plusSeconds(30));
    ServiceState reported =
        ProberClocks.aheadOfClock(state, ahead, Duration.ofSeconds(30), T0, SETTINGS, alerts);
    assertEquals(1, alerts.size());
    assertEquals(
        "clock-skew: prober-a's observation is 30s ahead of the decider's clock (max-clock-skew 2s):"
            + " its observations are not used until its clock is back within bounds",
        alerts.get(0).reason());
    assertEquals(alerts.get(0).from(), alerts.get(0).to(), "a report, not a verdict change");

    assertEquals(
        reported,
        ProberClocks.aheadOfClock(reported, ahead, Duration.ofSeconds(30), T0, SETTINGS, alerts));
    assertEquals(1, alerts.size(), "reported once");

    // An observation within bounds ends the spell: the next one from the future is reported again.
    ServiceState back =
        reported.withClock(
            PROBER,
            ProberClocks.arrived(reported, observedAt(T0), T0, T0, SETTINGS, new ArrayList<>()));
    ProberClocks.aheadOfClock(back, ahead, Duration.ofSeconds(30), T0, SETTINGS, alerts);
    assertEquals(2, alerts.size());
  }

  @Test
  void observationsThatAllArriveStaleAreReportedDelayedOnceAfterStaleAfter() {
    List<Transition> alerts = new ArrayList<>();
    Duration late = Duration.ofSeconds(3);
    Instant now = T0;
    for (int i = 0; i <= 12; i++) { // 3 s of observations, each 3 s late
      ProberClock clock =
          ProberClocks.arrived(
              state, observedAt(now.minus(late)), now.minus(late), now, SETTINGS, alerts);
      state = state.withClock(PROBER, clock);
      boolean staleLongerThanStaleAfter =
          Duration.between(T0, now).compareTo(SETTINGS.staleAfter()) > 0;
      assertEquals(staleLongerThanStaleAfter ? 1 : 0, alerts.size(), "at " + now);
      now = now.plusMillis(250);
    }
    assertEquals(
        "delayed: every observation of prober-a has arrived older than stale-after (2s) since "
            + T0
            + ", the latest 3s old: its clock is behind or its deliveries are delayed; its votes"
            + " count for nothing",
        alerts.get(0).reason());

    // A fresh arrival ends the spell.
    ProberClock fresh = ProberClocks.arrived(state, observedAt(now), now, now, SETTINGS, alerts);
    assertEquals(ProberClock.NONE, fresh);
  }
}
