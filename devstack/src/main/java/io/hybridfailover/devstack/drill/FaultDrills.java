package io.hybridfailover.devstack.drill;

import static io.hybridfailover.devstack.drill.Behaviour.REFUSED;
import static io.hybridfailover.devstack.drill.Behaviour.UP;

import io.hybridfailover.devstack.drill.Action.ApiWriteErrors;
import io.hybridfailover.devstack.drill.Action.KillActiveDecider;
import io.hybridfailover.devstack.drill.Action.KillBrokerAfterFailoverCommand;
import io.hybridfailover.devstack.drill.Action.KillCommandsLeaderAfterFailoverCommand;
import io.hybridfailover.devstack.drill.Action.KillSwitcherBeforeWrite;
import io.hybridfailover.devstack.drill.Action.PartitionDecider;
import io.hybridfailover.devstack.drill.Action.Poison;
import io.hybridfailover.devstack.drill.Action.SetDesktop;
import io.hybridfailover.devstack.drill.Action.StrainDeciders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fault drills: each the {@code outage} (desktop refused 30 s, then healthy) with one more
 * fault of this system's own parts laid over it at a stated moment.
 */
final class FaultDrills {

  /** decider-load's fleet unless {@code --services} says otherwise: what this machine carries. */
  static final int LOADED_FLEET = 20;

  private FaultDrills() {}

  /** {@code fault} laid at the start of the outage (desktop refused 30 s, then healthy). */
  private static List<Step> outageWith(Action fault) {
    List<Step> steps = new ArrayList<>();
    steps.add(Step.at(0, fault));
    steps.addAll(Drills.outage());
    return steps;
  }

  static List<Drill.Builder> all() {
    return List.of(
        Drill.named(
                "poison",
                "outage; throughout, invalid and odd records into every topic our services consume")
            .step(0, new Poison(true))
            .step(0, new SetDesktop(REFUSED))
            .step(30_000, new SetDesktop(UP))
            .step(40_000, new Poison(false))
            .expect(Expectation.FAILS_OVER_AND_BACK_ONCE, Expectation.EVERY_POISON_DEAD_LETTERED)
            .alerting(
                AlertExpectations.fires(Drills.DESKTOP_DOWN, 15)
                    // Micrometer adds a Kafka client's per-topic meters on its one-minute refresh.
                    .and("HybridDeadLettersGrowing", 75)),
        Drill.named(
                "decider-crash",
                "outage; two deciders (standby replicas 1), the one deciding for shop/web killed"
                    + " 0.2 s in")
            .step(0, new SetDesktop(REFUSED))
            .step(200, new KillActiveDecider())
            .step(30_000, new SetDesktop(UP))
            .expect(
                Expectation.FAILS_OVER_AND_BACK_ONCE,
                Expectation.RECOVERS_FROM_THE_CRASH,
                Expectation.NO_FALSE_TAKEOVER)
            .world(WorldShape.PLAIN.withDeciders(2))
            .alerting(
                AlertExpectations.fires(Drills.DESKTOP_DOWN, 15)
                    .and("HybridDeciderNotProcessing", 30)),
        Drill.named(
                "decider-load",
                "a fleet (20 unless --services) refused at once for 30 s, two deciders; from the"
                    + " start until after the failback, a full GC forced in one decider every"
                    + " 2 s: neither may lose its session")
            .step(0, new StrainDeciders(true))
            .step(0, new SetDesktop(REFUSED))
            .step(30_000, new SetDesktop(UP))
            .step(50_000, new StrainDeciders(false))
            .expect(
                Expectation.FAILS_OVER_AND_BACK_ONCE,
                Expectation.EVERY_SERVICE_FAILS_OVER_AND_BACK_ONCE,
                Expectation.NO_FALSE_FAILOVER,
                Expectation.NO_FALSE_TAKEOVER)
            .world(WorldShape.PLAIN.withDeciders(2).withServices(LOADED_FLEET)),
        Drill.named(
                "actuator-crash",
                "outage; one of two traffic-switchers killed as it is about to write the failover,"
                    + " restarted 2 s later; the other applies it")
            .steps(outageWith(new KillSwitcherBeforeWrite(Duration.ofSeconds(2))))
            .expect(
                Expectation.FAILS_OVER_AND_BACK_ONCE,
                Expectation.NO_FALSE_FAILOVER,
                Expectation.RECOVERS_FROM_THE_CRASH)
            // The first switcher writes through the fault proxy (which kills it at its write);
            // the second writes to the API directly.
            .world(WorldShape.PLAIN.withApiFaults().withSwitchers(2)),
        Drill.named(
                "api-errors",
                "outage; for its first 10 s the API server answers writes with 409, 500, 429 and"
                    + " timeouts")
            .steps(outageWith(new ApiWriteErrors(Duration.ofSeconds(10))))
            .expect(Expectation.FAILS_OVER_AND_BACK_ONCE)
            .world(WorldShape.PLAIN.withApiFaults()),
        Drill.named(
                "clock-skew",
                "outage; prober-1's clock 30 s ahead and prober-2's 10 s behind (libfaketime)")
            .steps(Drills.outage())
            .expect(Expectation.FAILS_OVER_AND_BACK_ONCE)
            .world(
                WorldShape.PLAIN.withProberClocks(Map.of("prober-1", "+30s", "prober-2", "-10s"))),
        Drill.named(
                "broker-restart",
                "outage; the Kafka broker killed once the failover command is committed, restarted"
                    + " 10 s later on the same log directory")
            .steps(outageWith(new KillBrokerAfterFailoverCommand(Duration.ofSeconds(10))))
            .expect(
                Expectation.FAILS_OVER_AND_BACK_ONCE,
                Expectation.NO_FALSE_FAILOVER,
                Expectation.RECOVERS_FROM_THE_CRASH)
            .world(WorldShape.PLAIN.withDurableBroker()),
        Drill.named(
                "broker-loss",
                "outage with three brokers; the one leading shop/web's commands partition killed once"
                    + " the failover command is committed, and it stays down")
            .steps(outageWith(new KillCommandsLeaderAfterFailoverCommand()))
            .expect(
                Expectation.FAILS_OVER_AND_BACK_ONCE,
                Expectation.NO_FALSE_FAILOVER,
                Expectation.RECOVERS_FROM_THE_CRASH)
            .world(WorldShape.PLAIN.withBrokers(3)),
        Drill.named(
                "partition",
                "the decider cut from the broker for 15 s while nothing changes, then reconnected;"
                    + " the outage 5 s later")
            .step(0, new PartitionDecider(true))
            .step(15_000, new PartitionDecider(false))
            .step(20_000, new SetDesktop(REFUSED))
            .step(50_000, new SetDesktop(UP))
            .expect(Expectation.FAILS_OVER_AND_BACK_ONCE, Expectation.NO_FALSE_FAILOVER)
            .world(WorldShape.PLAIN.withDeciderViaProxy()));
  }
}
