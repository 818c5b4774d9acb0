package io.hybridfailover.decider.core;

import static io.hybridfailover.events.Cluster.DESKTOP;
import static io.hybridfailover.events.Cluster.GKE;
import static io.hybridfailover.events.Outcome.DOWN;
import static io.hybridfailover.events.Outcome.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Transition;
import io.hybridfailover.events.Verdict;
import io.hybridfailover.events.Vote;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The learned clock offsets ({@code docs/decision-rules.md#rule-clocks}): a prober whose clock is
 * steadily ahead still counts, its offset learned from when its observations arrive; a clock behind
 * looks like late deliveries, and stays stale ({@code #rule-staleness}). The settings are the local
 * drills': probe every 250 ms, stale after 2 s, max-clock-skew 2 s.
 */
class LearnedClockOffsetTest {

  private static final Duration INTERVAL = Duration.ofMillis(250);
  private static final Duration STALE_AFTER = Duration.ofSeconds(2);

  /**
   * Three probers with clocks off by the given offsets, delivering with jitter, and the decider.
   */
  private static final class SkewedProbers {
    final Scenario s;
    final Map<String, Duration> clocks = new LinkedHashMap<>();
    final Random random = new Random(14);
    int maxDelayMillis = 100;

    SkewedProbers(Duration a, Duration b, Duration c) {
      s =
          Scenario.threeProbers(
              "stale-after",
              "2s",
              "failback-delay",
              "10s",
              "failback-step-interval",
              "2s",
              "drain",
              "3s");
      s.throughStateStore = true; // as the service keeps it: a restart or takeover keeps offsets
      clocks.put("prober-a", a);
      clocks.put("prober-b", b);
      clocks.put("prober-c", c);
    }

    /** Each prober probes both clusters (by its own clock, delivered late by 0..100 ms). */
    void step(Outcome desktop, Outcome gke) {
      clocks.forEach(
          (prober, clock) -> {
            for (Cluster cluster : Cluster.values()) {
              Instant observedAt =
                  s.now.minusMillis(random.nextInt(maxDelayMillis + 1)).plus(clock);
              s.observeAt(prober, cluster, cluster == DESKTOP ? desktop : gke, observedAt);
            }
          });
      s.advance(INTERVAL);
    }

    void stepsFor(Duration duration, Outcome desktop, Outcome gke) {
      Instant end = s.now.plus(duration);
      while (s.now.isBefore(end)) {
        step(desktop, gke);
      }
    }

    /** Steps until {@code until} holds; fails after {@code limit}. Returns the time it took. */
    Duration stepsUntil(Duration limit, Outcome desktop, Outcome gke, Predicate<Scenario> until) {
      Instant start = s.now;
      while (!until.test(s)) {
        if (Duration.between(start, s.now).compareTo(limit) > 0) {
          throw new AssertionError("not within " + limit + "; state " + s.state);
        }
        step(desktop, gke);
      }
      return Duration.between(start, s.now);
    }

    List<Transition> clockSkew(String prober) {
      return s.transitions.stream()
          .filter(t -> t.reason().startsWith(Decider.CLOCK_SKEW) && t.reason().contains(prober))
          .toList();
    }
  }

  private static boolean bothUp(Scenario s) {
    return s.verdict(DESKTOP) == Verdict.UP && s.verdict(GKE) == Verdict.UP;
  }

  @Test
  void theClockSkewDrill_oneProber30sAheadAnother10sBehind_failsOverAndBackExactlyOnce() {
    SkewedProbers w =
        new SkewedProbers(Duration.ofSeconds(30), Duration.ofSeconds(-10), Duration.ZERO);

    Duration warmUp = w.stepsUntil(Duration.ofSeconds(15), UP, UP, LearnedClockOffsetTest::bothUp);
    assertTrue(
        warmUp.compareTo(STALE_AFTER.plusSeconds(2)) <= 0,
        "the prober 30 s ahead counts once its offset was steady for stale-after: " + warmUp);
    w.stepsFor(Duration.ofSeconds(10), UP, UP);
    assertEquals(List.of(), w.s.commands, "no false failover");

    Instant outage = w.s.now;
    w.stepsFor(Duration.ofSeconds(30), DOWN, UP);
    Instant healthy = w.s.now;
    w.stepsFor(Duration.ofSeconds(40), UP, UP);

    List<Mode> modes = w.s.commands.stream().map(Command::mode).toList();
    assertEquals(
        List.of(
            Mode.FAILED_OVER,
            Mode.FAILING_BACK,
            Mode.FAILING_BACK,
            Mode.FAILING_BACK,
            Mode.PRIMARY),
        modes,
        "over and back once: " + w.s.commands);
    Duration failover = Duration.between(outage, w.s.commands.get(0).issuedAt());
    assertTrue(failover.compareTo(Duration.ofMillis(1_000)) <= 0, "failover took " + failover);
    assertTrue(w.s.commands.get(1).issuedAt().isAfter(healthy.plusSeconds(10)), "damped");

    // prober-a's offset learned and told once; prober-b, 10 s behind, looks 10 s late: stale, as
    // v1.1 says, told once as delayed; a and c make the quorum.
    assertEquals(1, w.clockSkew("prober-a").stream().filter(t -> learned(t)).count());
    assertEquals(List.of(), w.clockSkew("prober-b"));
    assertEquals(List.of(), w.clockSkew("prober-c"));
    assertEquals(
        1,
        w.s.transitions.stream()
            .filter(t -> t.reason().startsWith(Decider.DELAYED + ": every observation of prober-b"))
            .count());
    long a = w.s.state.offset("prober-a").offsetMillis();
    assertTrue(a <= -29_900 && a >= -30_000, "prober-a's learned offset " + a);
    assertEquals(0, w.s.state.offset("prober-b").offsetMillis());
    assertEquals(
        Map.of("prober-a", Vote.UP, "prober-b", Vote.STALE, "prober-c", Vote.UP),
        votes(w.s.state.desktop(), w.s.now));
  }

  private static Map<String, Vote> votes(ClusterHealth health, Instant now) {
    Map<String, Vote> votes = new LinkedHashMap<>();
    health.probers().forEach((prober, track) -> votes.put(prober, track.voteAt(now, STALE_AFTER)));
    return votes;
  }

  private static boolean learned(Transition transition) {
    return transition.reason().contains("learned offset");
  }

  @Test
  void aProberAhead_isReportedAsV11Says_thenCountsOnceItsOffsetWasSteadyForStaleAfter() {
    SkewedProbers w = new SkewedProbers(Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO);
    w.stepsFor(Duration.ofMillis(500), UP, UP);

    List<Transition> first = w.clockSkew("prober-a");
    assertEquals(1, first.size(), "once, as v1.1 says: " + first);
    assertTrue(first.get(0).reason().contains("ahead of the decider's clock"), first.toString());

    w.stepsFor(Duration.ofSeconds(3), UP, UP);
    List<Transition> all = w.clockSkew("prober-a");
    assertEquals(2, all.size(), all.toString());
    String reason = all.get(1).reason();
    assertTrue(
        reason.matches(
            "clock-skew: prober-a's clock runs 29\\d{3}ms ahead of the decider's,"
                + " steadily for 2\\d*m?s \\(learned offset -29\\d{3}ms, was 0s\\): .*"),
        reason);
    assertTrue(
        reason.endsWith("its observations are used, their observedAt corrected by the offset"),
        reason);
    Duration learnedAfter = Duration.between(Scenario.T0, all.get(1).at());
    assertTrue(
        learnedAfter.compareTo(STALE_AFTER) >= 0
            && learnedAfter.compareTo(STALE_AFTER.plusSeconds(1)) <= 0,
        "learned after " + learnedAfter);
    assertEquals(
        Vote.UP, w.s.state.desktop().probers().get("prober-a").voteAt(w.s.now, STALE_AFTER));
  }

  @Test
  void aProberBehind_looksLateAndCountsForNothingAsV11Says_itsLagIsNeverLearned() {
    SkewedProbers w = new SkewedProbers(Duration.ZERO, Duration.ofSeconds(-10), Duration.ZERO);
    w.stepsFor(Duration.ofSeconds(30), UP, UP);

    assertEquals(
        Vote.STALE, w.s.state.desktop().probers().get("prober-b").voteAt(w.s.now, STALE_AFTER));
    assertEquals(0, w.s.state.offset("prober-b").offsetMillis());
    List<Transition> delayed =
        w.s.transitions.stream().filter(t -> t.reason().startsWith(Decider.DELAYED)).toList();
    assertEquals(1, delayed.size(), delayed.toString());
    assertTrue(delayed.get(0).reason().contains("prober-b"), delayed.get(0).reason());
    assertEquals(List.of(), w.clockSkew("prober-b"));
    assertTrue(bothUp(w.s), "a and c make the quorum");
  }

  @Test
  void aProberAheadWhoseClockIsSetRight_countsAgainAfter5StaleAfters() {
    SkewedProbers w = new SkewedProbers(Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO);
    w.stepsFor(Duration.ofSeconds(4), UP, UP);
    assertEquals(2, w.clockSkew("prober-a").size());

    w.clocks.put("prober-a", Duration.ZERO);
    w.stepsFor(Duration.ofSeconds(9), UP, UP);
    assertEquals(
        Vote.STALE,
        w.s.state.desktop().probers().get("prober-a").voteAt(w.s.now, STALE_AFTER),
        "until then it looks 30 s late");

    w.stepsFor(Duration.ofSeconds(3), UP, UP);
    List<Transition> all = w.clockSkew("prober-a");
    assertEquals(3, all.size(), all.toString());
    assertTrue(
        all.get(2).reason().startsWith("clock-skew: prober-a's clock is no longer ahead of the"),
        all.get(2).reason());
    assertEquals(0, w.s.state.offset("prober-a").offsetMillis());
    assertEquals(
        Vote.UP, w.s.state.desktop().probers().get("prober-a").voteAt(w.s.now, STALE_AFTER));
  }

  @Test
  void
      aProberAheadWhoseFirstObservationsArriveLate_isLearnedStepByStep_reportedOncePerStaleAfter() {
    // The decider starts late: prober-a (30 s ahead) has a backlog that drains over 8 s, so its
    // samples fall from 0 to -30 s in small steps, each within max-clock-skew of the last.
    Scenario s = Scenario.oneProber("stale-after", "2s");
    Instant probed = s.now.minusSeconds(29);
    for (int i = 0; i < 200; i++) {
      s.observeAt("prober-a", DESKTOP, UP, probed.plusSeconds(30));
      s.observeAt("prober-a", GKE, UP, probed.plusSeconds(30));
      probed = probed.plusMillis(250);
      s.advance(Duration.ofMillis(probed.isBefore(s.now) ? 40 : 250));
    }
    List<Transition> skew =
        s.transitions.stream().filter(t -> t.reason().startsWith(Decider.CLOCK_SKEW)).toList();
    // The drain takes about 6 s of the decider's clock: at most one report per stale-after (2 s),
    // the last within max-clock-skew of the offset it settled on.
    assertTrue(skew.size() >= 1 && skew.size() <= 4, "at most once per stale-after: " + skew);
    String last = skew.get(skew.size() - 1).reason();
    assertTrue(last.contains("ahead of the decider's, step by step"), last);
    assertTrue(last.matches(".*\\(learned offset -2[89]\\d{3}ms, was .*"), last);
    long a = s.state.offset("prober-a").offsetMillis();
    assertTrue(a <= -29_000 && a >= -30_000, "prober-a's learned offset " + a);
    assertTrue(bothUp(s));
  }

  @Test
  void aBacklogFlushedAtOnce_isNotTakenForAClockBehind_itsObservationsCountForNothing() {
    Scenario s = Scenario.oneProber("stale-after", "2s");
    s.rounds(5, UP, UP);
    // The prober was cut off for 10 s and buffered; the backlog of its first 5 s (the desktop
    // DOWN then) arrives at once, 5 to 10 s old.
    Instant cutOff = s.now;
    s.advance(Duration.ofSeconds(10));
    for (int i = 0; i < 20; i++) {
      s.observeAt("prober-a", DESKTOP, DOWN, cutOff.plusMillis(250L * i));
      s.observeAt("prober-a", GKE, UP, cutOff.plusMillis(250L * i));
    }
    assertEquals(List.of(), s.commands, "DOWNs 5 to 10 s old fail nothing over");
    assertEquals(Verdict.UNKNOWN, s.verdict(DESKTOP));
    s.rounds(5, UP, UP);
    assertEquals(0, s.state.offset("prober-a").offsetMillis(), s.state.toString());
    assertEquals(Verdict.UP, s.verdict(DESKTOP));
    assertEquals(
        List.of(),
        s.transitions.stream().filter(t -> t.reason().startsWith(Decider.CLOCK_SKEW)).toList());
  }

  @Test
  void queueingDelay_doesNotMasqueradeAsSkew() {
    SkewedProbers w = new SkewedProbers(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    w.maxDelayMillis = 1_500;
    w.stepsFor(Duration.ofSeconds(20), UP, UP);

    for (String prober : List.of("prober-a", "prober-b", "prober-c")) {
      ProberOffset offset = w.s.state.offset(prober);
      long least = offset.samplesMillis().stream().mapToLong(Long::longValue).min().orElseThrow();
      assertTrue(least >= 0, prober + " " + offset);
      assertEquals(0, offset.offsetMillis(), "never behind: " + prober + " " + offset);
    }
    assertEquals(
        List.of(),
        w.s.transitions.stream().filter(t -> t.reason().startsWith(Decider.CLOCK_SKEW)).toList());
    assertTrue(bothUp(w.s));
  }

  @Test
  void aFewOddRecordsAmongAProberAheadsObservations_neitherMoveNorBlockItsOffset() {
    SkewedProbers w = new SkewedProbers(Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO);
    for (int i = 0; w.s.now.isBefore(Scenario.T0.plusSeconds(4)); i++) {
      if (i % 4 == 0) {
        w.s.observeAt("prober-a", DESKTOP, DOWN, w.s.now.plus(Duration.ofDays(3 * 365)));
        w.s.observeAt("prober-a", DESKTOP, DOWN, w.s.now.minus(Duration.ofDays(3 * 365)));
      }
      w.step(UP, UP);
    }
    long a = w.s.state.offset("prober-a").offsetMillis();
    assertTrue(a <= -29_900 && a >= -30_000, "prober-a's learned offset " + a);
    assertEquals(
        Vote.UP, w.s.state.desktop().probers().get("prober-a").voteAt(w.s.now, STALE_AFTER));
    assertEquals(List.of(), w.s.commands);
  }

  @Test
  void aClockThatJumpsAfterItsOffsetWasLearned_isReportedAndNotUsedUntilSteadyAgain() {
    SkewedProbers w = new SkewedProbers(Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO);
    w.stepsFor(Duration.ofSeconds(4), UP, UP);
    assertEquals(2, w.clockSkew("prober-a").size());

    w.clocks.put("prober-a", Duration.ofSeconds(90));
    w.stepsFor(Duration.ofMillis(500), DOWN, UP);
    List<Transition> jumped = w.clockSkew("prober-a");
    assertEquals(3, jumped.size(), jumped.toString());
    assertTrue(
        jumped.get(2).reason().contains("ahead of the decider's clock after its learned offset of"),
        jumped.get(2).reason());
    // Its DOWNs were not used: alone with them, b and c saying UP, nothing moved anyway; its track
    // still holds the UP run from before the jump.
    assertEquals(Outcome.UP, w.s.state.desktop().probers().get("prober-a").lastOutcome());

    w.stepsFor(Duration.ofSeconds(3), DOWN, UP);
    assertEquals(4, w.clockSkew("prober-a").size());
    long a = w.s.state.offset("prober-a").offsetMillis();
    assertTrue(a <= -89_900 && a >= -90_000, "prober-a's learned offset " + a);
    assertEquals(Mode.FAILED_OVER, w.s.mode(), "b and c alone fail over; a counts again");
    assertEquals(
        Vote.DOWN, w.s.state.desktop().probers().get("prober-a").voteAt(w.s.now, STALE_AFTER));
  }

  @Test
  void offsetsAreKeptInTheStateAndReadFromAStateWrittenWithoutThem() {
    SkewedProbers w = new SkewedProbers(Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO);
    w.stepsFor(Duration.ofSeconds(3), UP, UP);
    ServiceState state = w.s.state;
    assertEquals(state, ServiceStateCodec.decode(ServiceStateCodec.encode(state)));

    String json =
        new String(ServiceStateCodec.encode(state), java.nio.charset.StandardCharsets.UTF_8);
    String withoutOffsets = json.replaceAll(",\"offsets\":\\{.*\\}\\}$", "}");
    assertTrue(!withoutOffsets.contains("offsets"), withoutOffsets);
    ServiceState old =
        ServiceStateCodec.decode(withoutOffsets.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(ProberOffset.NONE, old.offset("prober-a"));
  }
}
