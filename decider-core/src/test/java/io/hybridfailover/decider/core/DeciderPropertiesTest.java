package io.hybridfailover.decider.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Invariants of the decider over random observation streams ({@code docs/decision-rules.md}: the
 * principle at its top, {@code #rule-epochs}, {@code #rule-unknown}, {@code #rule-quorum}, {@code
 * #rule-clocks}, {@code #rule-unusable-input}): three probers, quorum 2, random UP/DOWN/missing per
 * prober per tick, random time gaps, pauses and late deliveries. Timings are short (failback delay
 * 10s, steps every 2s, drain 2s) so that streams go through whole cycles.
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

  /**
   * Issue 14: prober c's clock steadily ahead by any amount (3 s to a year). After a clean warm-up
   * in which its offset is learned (stale-after of samples), the decider decides exactly as if its
   * clock were right: same desired states, noise, pauses and late deliveries included.
   */
  @Property(tries = 200)
  void oneProberSteadilyAhead_onceItsOffsetIsLearned_decidesAsIfItsClockWereRight(
      @ForAll("phases") List<Phase> phases,
      @ForAll @LongRange(min = 3_000, max = 365L * 24 * 3_600_000) long aheadMillis) {
    List<Phase> warmedUp = new ArrayList<>();
    warmedUp.add(new Phase(20, Outcome.UP, Outcome.UP, 250, 0, true, 0));
    warmedUp.addAll(phases);
    List<Tick> right = independentProbers(warmedUp);
    List<Tick> ahead = new ArrayList<>();
    for (Tick tick : right) {
      List<Probe> probes = new ArrayList<>();
      for (Probe probe : tick.probes()) {
        probes.add(
            probe.prober().equals("prober-c")
                ? new Probe(
                    probe.prober(),
                    probe.cluster(),
                    probe.outcome(),
                    probe.observedAt().plusMillis(aheadMillis))
                : probe);
      }
      ahead.add(new Tick(tick.now(), probes, tick.phase(), tick.indexInPhase()));
    }
    Invariant none = (before, decision, tick) -> {};

    assertEquals(
        desiredStates(run(right, prober -> true, none)),
        desiredStates(run(ahead, prober -> true, none)));
  }

  /**
   * One schema-valid but extreme record, made at the moment it is inserted.
   *
   * @param inert whether the rules say it must not change shop/web's desired states at all (only
   *     re-issues above a resource's epoch may be added); otherwise it may (an override, the
   *     Karmada signal) but only as the rules allow
   * @param repeated delivered twice in a row (same CloudEvents id)
   */
  record Extreme(
      String description, boolean inert, boolean repeated, Function<Instant, Event<?>> at) {
    @Override
    public String toString() {
      return description + (repeated ? " (twice)" : "");
    }
  }

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
  private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");

  @Provide
  Arbitrary<Extreme> extremes() {
    Arbitrary<Function<Instant, Instant>> times =
        Arbitraries.of(
            now -> now.plus(Duration.ofDays(3 * 365)),
            now -> now.minus(Duration.ofDays(3 * 365)),
            now -> now.plus(Duration.ofHours(1)),
            now -> now.minus(Duration.ofHours(1)),
            now -> now.plus(SETTINGS.maxClockSkew()).plusMillis(1),
            now -> LATEST,
            now -> EARLIEST);
    Arbitrary<Extreme> observations =
        Combinators.combine(
                Arbitraries.of(Scenario.SERVICE, "other/svc"),
                Arbitraries.of("prober-a", "prober-c", "prober-z"),
                Arbitraries.of(Cluster.class),
                Arbitraries.of(Check.HTTP, Check.TCP),
                Arbitraries.of(Outcome.class),
                times,
                Arbitraries.of("fresh-id", "obs-1"))
            .as(
                (service, prober, cluster, check, outcome, time, id) ->
                    new Extreme(
                        "observation "
                            + service
                            + " "
                            + prober
                            + " "
                            + cluster
                            + " "
                            + check
                            + " "
                            + outcome
                            + " id "
                            + id,
                        true,
                        false,
                        now ->
                            Event.of(
                                id.equals("fresh-id") ? "extreme-obs" : id,
                                "/health-prober/" + prober,
                                new Observation(
                                    service,
                                    cluster,
                                    check,
                                    prober,
                                    outcome,
                                    1,
                                    null,
                                    null,
                                    time.apply(now)))));
    Arbitrary<Extreme> karmada =
        Combinators.combine(
                Arbitraries.of(Cluster.class),
                Arbitraries.of(Outcome.class),
                Arbitraries.of(Duration.ZERO, Duration.ofHours(1), Duration.ofHours(-1)))
            .as(
                (cluster, outcome, offset) ->
                    new Extreme(
                        "karmada-cluster " + cluster + " " + outcome + " at +" + offset,
                        false,
                        false,
                        now ->
                            Event.of(
                                "extreme-karmada",
                                "/health-prober/prober-a",
                                new Observation(
                                    "*",
                                    cluster,
                                    Check.KARMADA_CLUSTER,
                                    "prober-a",
                                    outcome,
                                    0,
                                    null,
                                    null,
                                    now.plus(offset)))));
    List<Long> epochs =
        List.of(
            1L,
            2L,
            41L,
            Decider.EPOCH_LIMIT - 1,
            Decider.EPOCH_LIMIT,
            Long.MAX_VALUE - 1,
            Long.MAX_VALUE);
    Arbitrary<Extreme> results =
        Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.of(epochs),
                Arbitraries.of(ActuationOutcome.class),
                Arbitraries.of(epochs).injectNull(0.2))
            .as(
                (own, epoch, outcome, resourceEpoch) ->
                    new Extreme(
                        "result "
                            + (own ? "of our command " : "stray ")
                            + epoch
                            + " "
                            + outcome
                            + " resourceEpoch "
                            + resourceEpoch,
                        true,
                        false,
                        now ->
                            Event.of(
                                "extreme-result",
                                "/traffic-switcher",
                                new ActuationResult(
                                    own ? Decider.commandId(Scenario.SERVICE, epoch) : "stray",
                                    Scenario.SERVICE,
                                    epoch,
                                    "traffic-switcher",
                                    outcome,
                                    "split.smi-spec.io/v1alpha2 TrafficSplit shop/web",
                                    1,
                                    null,
                                    now,
                                    resourceEpoch))));
    Arbitrary<Extreme> overrides =
        Combinators.combine(
                Arbitraries.of(Scenario.SERVICE, "*", "other/svc"),
                Arbitraries.of(OverrideAction.class),
                times)
            .as(
                (service, action, time) ->
                    new Extreme(
                        "override " + service + " " + action,
                        service.equals("other/svc"),
                        true,
                        now ->
                            Event.of(
                                "extreme-override",
                                "/cli/mallory",
                                new OperatorOverride(
                                    service, action, "extreme", "mallory", time.apply(now)))));
    return Arbitraries.oneOf(observations, karmada, results, overrides);
  }

  /**
   * v1.1: no single record stops or fools the decider. Whatever extreme record is inserted wherever
   * in a random stream: nothing throws (but the declared refusal of an epoch at or above the limit,
   * which changes no state), epochs never go back nor repeat, and routing changes only as the rules
   * allow: not at all for records the rules ignore, and never onto a DOWN side nor off an UP
   * desktop (unless forced) for the others.
   */
  @Property(tries = 300)
  void anySingleExtremeRecordAnywhere_neverThrowsNorReusesEpochsAndMovesRoutingOnlyByTheRules(
      @ForAll("phases") List<Phase> phases,
      @ForAll("extremes") Extreme extreme,
      @ForAll @IntRange(min = 0, max = 10_000) int position) {
    List<Tick> ticks = independentProbers(phases);
    int at = position % ticks.size();

    List<Command> baseline = runFleet(ticks, -1, extreme);
    List<Command> inserted = runFleet(ticks, at, extreme);

    if (extreme.inert()) {
      assertEquals(desiredStatesWithoutEpochs(baseline), desiredStatesWithoutEpochs(inserted));
    }
    Statistics.label("kind").collect(extreme.description().split(" ")[0]);
  }

  /**
   * The fleet over the ticks, {@code extreme} inserted before tick {@code at}; shop/web's commands.
   */
  private static List<Command> runFleet(List<Tick> ticks, int at, Extreme extreme) {
    Decider decider = new Decider(SETTINGS);
    InMemoryStore store = new InMemoryStore();
    Fleet fleet = new Fleet(decider, store);
    Map<String, Long> lastEpoch = new HashMap<>();
    List<Command> commands = new ArrayList<>();
    int id = 0;
    for (int t = 0; t < ticks.size(); t++) {
      Tick tick = ticks.get(t);
      List<Event<?>> events = new ArrayList<>();
      if (t == at) {
        Event<?> event = extreme.at().apply(tick.now());
        events.add(event);
        if (extreme.repeated()) {
          events.add(event);
        }
      }
      for (Probe probe : tick.probes()) {
        events.add(observation(id++, probe));
      }
      for (Event<?> event : events) {
        Map<String, ServiceState> before = snapshot(store);
        List<Decision> decisions;
        try {
          decisions = fleet.onEvent(event, tick.now());
        } catch (UnusableInputException e) {
          assertTrue(event.data() instanceof ActuationResult, e.getMessage());
          ActuationResult result = (ActuationResult) event.data();
          assertTrue(
              result.epoch() >= Decider.EPOCH_LIMIT
                  || (result.resourceEpoch() != null
                      && result.resourceEpoch() >= Decider.EPOCH_LIMIT),
              e.getMessage());
          assertEquals(before, snapshot(store), "a refused record changes no state");
          continue;
        }
        check(before, decisions, lastEpoch, commands);
      }
      Map<String, ServiceState> before = snapshot(store);
      check(before, fleet.onTick(tick.now()), lastEpoch, commands);
    }
    return commands;
  }

  private static Map<String, ServiceState> snapshot(InMemoryStore store) {
    Map<String, ServiceState> states = new HashMap<>();
    store.all().forEach(state -> states.put(state.service(), state));
    return states;
  }

  /** Epochs only go up; traffic never onto a DOWN side, never off an UP desktop unless forced. */
  private static void check(
      Map<String, ServiceState> before,
      List<Decision> decisions,
      Map<String, Long> lastEpoch,
      List<Command> shopWeb) {
    for (Decision decision : decisions) {
      ServiceState after = decision.serviceState();
      ServiceState was = before.get(after.service());
      long previous = lastEpoch.getOrDefault(after.service(), 0L);
      assertTrue(after.epoch() >= previous, "epoch went back: " + after);
      for (Command command : decision.commands()) {
        assertTrue(command.epoch() > previous, "epoch reused: " + command);
        previous = command.epoch();
        Routing from = was == null ? Routing.allDesktop() : was.routing();
        int toDesktop = command.routing().desktop() - from.desktop();
        boolean forced = command.reason().startsWith("forced");
        if (toDesktop != 0 && !forced) {
          Cluster gaining = toDesktop > 0 ? Cluster.DESKTOP : Cluster.GKE;
          assertNotEquals(Verdict.DOWN, after.verdict(gaining), "onto a DOWN side: " + command);
        }
        if (toDesktop < 0 && !forced) {
          assertNotEquals(
              Verdict.UP, after.verdict(Cluster.DESKTOP), "off an UP desktop: " + command);
        }
        if (command.service().equals(Scenario.SERVICE)) {
          shopWeb.add(command);
        }
      }
      lastEpoch.put(after.service(), Math.max(previous, after.epoch()));
    }
  }

  /** The desired states in order, re-issues left out (same desired state, a higher epoch). */
  private static List<String> desiredStatesWithoutEpochs(List<Command> commands) {
    return commands.stream()
        .filter(c -> !c.reason().startsWith("re-issued"))
        .map(c -> c.mode() + " " + c.routing() + " " + c.placement() + " @" + c.issuedAt())
        .toList();
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

  /** The probe as the {@code http} observation a prober publishes, with id {@code obs-<id>}. */
  private static Event<Observation> observation(int id, Probe probe) {
    return Event.of(
        "obs-" + id,
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
        Event<Observation> event = observation(id++, probe);
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
