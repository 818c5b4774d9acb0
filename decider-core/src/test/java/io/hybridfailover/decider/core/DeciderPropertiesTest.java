package io.hybridfailover.decider.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Invariants of the decider over random observation streams: three probers, quorum 2, random
 * UP/DOWN/missing per prober per tick, random time gaps, pauses and late deliveries. Timings are
 * short (failback delay 10s, steps every 2s, drain 2s) so that streams go through whole cycles.
 */
class DeciderPropertiesTest {

  private static final DeciderSettings SETTINGS =
      Scenario.settings(
          3,
          "stale-after",
          "3s",
          "failback-delay",
          "10s",
          "failback-step-interval",
          "2s",
          "drain",
          "2s",
          "flap-window",
          "2m",
          "max-failback-delay",
          "40s",
          "standby-timeout",
          "15s");

  private static final Set<Mode> FAILOVER_MODES = EnumSet.of(Mode.FAILING_OVER, Mode.FAILED_OVER);
  private static final Set<Mode> DESKTOP_MODES = EnumSet.of(Mode.PRIMARY, Mode.FAILING_BACK);

  /**
   * A stretch of time in which each cluster has one true health that probers report, with noise.
   *
   * @param pauseMillis silence before the phase (probers cut off: votes go stale)
   * @param clean every prober reports the true health at every tick, in time, without gaps
   * @param seed drives the noise: flipped, missing and late reports, jittered gaps
   */
  record Phase(
      int ticks,
      Outcome desktop,
      Outcome gke,
      int gapMillis,
      int pauseMillis,
      boolean clean,
      long seed) {}

  record Probe(String prober, Cluster cluster, Outcome outcome, Instant observedAt) {}

  /** One moment of the fake clock: probes delivered then, and a tick. */
  record Tick(Instant now, List<Probe> probes, Phase phase, int indexInPhase) {}

  /** Checks one decision against the state it was made from. */
  interface Invariant {
    void check(ServiceState before, Decision decision, Tick tick);
  }

  @Provide
  Arbitrary<List<Phase>> phases() {
    Arbitrary<Integer> pause =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just(0)),
            Tuple.of(1, Arbitraries.integers().between(3_000, 30_000)));
    return Combinators.combine(
            Arbitraries.integers().between(1, 25),
            Arbitraries.of(Outcome.class),
            Arbitraries.of(Outcome.class),
            Arbitraries.integers().between(200, 2_000),
            pause,
            Arbitraries.of(true, false),
            Arbitraries.longs())
        .as(Phase::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(25);
  }

  @Property(tries = 200)
  void epochsStrictlyIncrease(@ForAll("phases") List<Phase> phases) {
    long[] last = {0};
    List<Command> commands =
        run(
            independentProbers(phases),
            prober -> true,
            (before, decision, tick) -> {
              for (Command command : decision.commands()) {
                assertEquals(before.epoch() + 1, command.epoch());
                assertTrue(command.epoch() > last[0]);
                last[0] = command.epoch();
              }
              assertEquals(last[0], decision.serviceState().epoch());
            });
    Statistics.label("went through a failback")
        .collect(commands.stream().anyMatch(c -> c.mode() == Mode.FAILING_BACK))
        .coverage(coverage -> coverage.check(true).percentage(p -> p >= 10));
  }

  @Property(tries = 200)
  void routingWeightsAlwaysSumTo100(@ForAll("phases") List<Phase> phases) {
    run(
        independentProbers(phases),
        prober -> true,
        (before, decision, tick) -> {
          assertSumsTo100(decision.serviceState().routing());
          decision.commands().forEach(command -> assertSumsTo100(command.routing()));
        });
  }

  @Property(tries = 200)
  void unknownVerdictNeverStartsAFailover(@ForAll("phases") List<Phase> phases) {
    run(
        independentProbers(phases),
        prober -> true,
        (before, decision, tick) -> {
          Verdict desktop = decision.serviceState().verdict(Cluster.DESKTOP);
          for (Command command : decision.commands()) {
            if (DESKTOP_MODES.contains(before.mode()) && FAILOVER_MODES.contains(command.mode())) {
              assertEquals(Verdict.DOWN, desktop, "failover started: " + command.reason());
            }
            // v1.1 clarification 1: no rule moves traffic off an UP desktop, not even FAILING_OVER.
            if (command.routing().desktop() < before.routing().desktop()) {
              assertNotEquals(
                  Verdict.UP, desktop, "traffic left an UP desktop: " + command.reason());
            }
          }
        });
  }

  /** Stronger than "never from an UP side to a DOWN side": never towards a DOWN side at all. */
  @Property(tries = 200)
  void trafficNeverMovesFromAnUpSideToADownSide(@ForAll("phases") List<Phase> phases) {
    run(
        independentProbers(phases),
        prober -> true,
        (before, decision, tick) -> {
          for (Command command : decision.commands()) {
            int toDesktop = command.routing().desktop() - before.routing().desktop();
            Cluster gaining = toDesktop > 0 ? Cluster.DESKTOP : Cluster.GKE;
            if (toDesktop != 0) {
              assertNotEquals(
                  Verdict.DOWN,
                  decision.serviceState().verdict(gaining),
                  "traffic moved to a DOWN " + gaining + ": " + command.reason());
            }
          }
        });
  }

  @Property(tries = 200)
  void oneSideDownTheOtherUpForLongerThanFallTicks_routingIsOnTheUpSide(
      @ForAll("phases") List<Phase> phases) {
    int settle = Math.max(SETTINGS.fall(), SETTINGS.rise()); // votes complete, plus one tick
    run(
        independentProbers(phases),
        prober -> true,
        (before, decision, tick) -> {
          Phase phase = tick.phase();
          if (phase.clean() && phase.desktop() != phase.gke() && tick.indexInPhase() >= settle) {
            Routing routing = decision.serviceState().routing();
            int onUpSide = phase.desktop() == Outcome.UP ? routing.desktop() : routing.gke();
            assertEquals(100, onUpSide, "routing " + routing + " in " + decision.serviceState());
          }
        });
  }

  /**
   * Probers a and b report a fixed truth (both silent at the same moments); prober c says anything.
   * Whatever c says, the commands are those a and b alone lead to.
   */
  @Property(tries = 200)
  void singleProberOfThreeNeverChangesRouting(
      @ForAll("phases") List<Phase> phases,
      @ForAll Outcome desktopTruth,
      @ForAll Outcome gkeTruth) {
    List<Tick> ticks = twoAgreeOneSaysAnything(phases, desktopTruth, gkeTruth);
    Invariant none = (before, decision, tick) -> {};

    List<String> withC = desiredStates(run(ticks, prober -> true, none));
    List<String> withoutC = desiredStates(run(ticks, prober -> !prober.equals("prober-c"), none));

    assertEquals(withoutC, withC);
  }

  private static List<String> desiredStates(List<Command> commands) {
    return commands.stream()
        .map(
            c ->
                c.epoch()
                    + " "
                    + c.mode()
                    + " "
                    + c.routing()
                    + " "
                    + c.placement()
                    + " @"
                    + c.issuedAt())
        .toList();
  }

  private static void assertSumsTo100(Routing routing) {
    assertEquals(100, routing.desktop() + routing.gke(), routing.toString());
  }

  private static List<Command> run(
      List<Tick> ticks, Predicate<String> probers, Invariant invariant) {
    Decider decider = new Decider(SETTINGS);
    ServiceState state = ServiceState.initial(Scenario.SERVICE);
    List<Command> commands = new ArrayList<>();
    int id = 0;
    for (Tick tick : ticks) {
      List<Decision> decisions = new ArrayList<>();
      for (Probe probe : tick.probes()) {
        if (!probers.test(probe.prober())) {
          continue;
        }
        Event<Observation> event =
            Event.of(
                "obs-" + id++,
                "/health-prober/" + probe.prober(),
                new Observation(
                    Scenario.SERVICE,
                    probe.cluster(),
                    Check.HTTP,
                    probe.prober(),
                    probe.outcome(),
                    1,
                    null,
                    null,
                    probe.observedAt()));
        Decision decision = decider.onObservation(state, event, tick.now());
        invariant.check(state, decision, tick);
        state = decision.serviceState();
        decisions.add(decision);
      }
      Decision decision = decider.onTick(state, tick.now());
      invariant.check(state, decision, tick);
      state = decision.serviceState();
      decisions.add(decision);
      decisions.forEach(d -> commands.addAll(d.commands()));
    }
    return commands;
  }

  /** Each prober reports on its own: mostly the truth, sometimes wrong, missing or late. */
  private static List<Tick> independentProbers(List<Phase> phases) {
    return ticks(
        phases,
        (phase, random, now) -> {
          List<Probe> probes = new ArrayList<>();
          for (String prober : Scenario.PROBERS) {
            for (Cluster cluster : Cluster.values()) {
              Outcome truth = cluster == Cluster.DESKTOP ? phase.desktop() : phase.gke();
              noisy(phase, random, prober, cluster, truth, now).ifPresent(probes::add);
            }
          }
          return probes;
        });
  }

  /** Probers a and b report the fixed truth, or are both silent; prober c reports at random. */
  private static List<Tick> twoAgreeOneSaysAnything(
      List<Phase> phases, Outcome desktopTruth, Outcome gkeTruth) {
    return ticks(
        phases,
        (phase, random, now) -> {
          List<Probe> probes = new ArrayList<>();
          for (Cluster cluster : Cluster.values()) {
            Outcome truth = cluster == Cluster.DESKTOP ? desktopTruth : gkeTruth;
            if (phase.clean() || random.nextInt(6) != 0) {
              probes.add(new Probe("prober-a", cluster, truth, now));
              probes.add(new Probe("prober-b", cluster, truth, now));
            }
            if (random.nextInt(3) != 0) {
              Outcome anything = random.nextBoolean() ? Outcome.UP : Outcome.DOWN;
              probes.add(new Probe("prober-c", cluster, anything, now));
            }
          }
          return probes;
        });
  }

  private static Optional<Probe> noisy(
      Phase phase, Random random, String prober, Cluster cluster, Outcome truth, Instant now) {
    if (phase.clean()) {
      return Optional.of(new Probe(prober, cluster, truth, now));
    }
    int dice = random.nextInt(20);
    if (dice >= 17) {
      return Optional.empty();
    }
    Outcome outcome = dice >= 14 ? flip(truth) : truth;
    Instant observedAt = dice == 0 ? now.minusMillis(random.nextInt(4_000)) : now;
    return Optional.of(new Probe(prober, cluster, outcome, observedAt));
  }

  private static Outcome flip(Outcome outcome) {
    return outcome == Outcome.UP ? Outcome.DOWN : Outcome.UP;
  }

  interface ProbeSource {
    List<Probe> probes(Phase phase, Random random, Instant now);
  }

  private static List<Tick> ticks(List<Phase> phases, ProbeSource source) {
    List<Tick> ticks = new ArrayList<>();
    Instant now = Scenario.T0;
    for (Phase phase : phases) {
      Random random = new Random(phase.seed());
      now = now.plusMillis(phase.pauseMillis());
      for (int i = 0; i < phase.ticks(); i++) {
        int jitter = phase.clean() ? 0 : random.nextInt(phase.gapMillis()) - phase.gapMillis() / 2;
        now = now.plus(Duration.ofMillis(phase.gapMillis() + jitter));
        ticks.add(new Tick(now, source.probes(phase, random, now), phase, i));
      }
    }
    return ticks;
  }
}
