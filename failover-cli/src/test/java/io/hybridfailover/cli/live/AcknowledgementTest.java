package io.hybridfailover.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.FailoverState;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When an override counts as acknowledged, without Kafka. */
class AcknowledgementTest {

  private static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");
  private static final String WEB = "shop/web";

  @Test
  void aForceNeedsItsCommandAndAStateAtItsEpoch() {
    Event<OperatorOverride> force = override(OverrideAction.FORCE_GKE);
    FailoverState before = state(3, false, Routing.allDesktop(), Placement.PRIMARY);
    Acknowledgement ack = new Acknowledgement(force, List.of(WEB), Map.of(WEB, before));
    assertFalse(ack.complete());
    assertTrue(ack.missing().get(0).contains("no command caused by this override"));

    ack.onCommand(command(4, List.of("someone-else")));
    assertFalse(ack.complete(), "a command caused by another input is no acknowledgement");
    ack.onCommand(command(4, List.of(force.id())));
    assertFalse(ack.complete(), "the state has not reached epoch 4");
    assertTrue(ack.missing().get(0).contains("the state does not show it frozen"));

    ack.onState(state(4, true, Routing.allGke(), Placement.GKE));
    assertTrue(ack.complete());
    assertEquals(
        "shop/web: PRIMARY epoch 3 desktop=100 gke=0 placement PRIMARY -> FAILED_OVER epoch 4"
            + " desktop=0 gke=100 placement GKE frozen; command epoch 4 issued "
            + T0,
        ack.changes().get(0));
  }

  @Test
  void aReleaseNeedsTheStateUnfrozenAndAnAlreadyMatchingStateCounts() {
    Event<OperatorOverride> release = override(OverrideAction.RELEASE);
    FailoverState frozen = state(4, true, Routing.allGke(), Placement.GKE);
    Acknowledgement ack = new Acknowledgement(release, List.of(WEB), Map.of(WEB, frozen));
    assertFalse(ack.complete());
    ack.onState(state(4, false, Routing.allGke(), Placement.GKE));
    assertTrue(ack.complete());

    FailoverState auto = state(4, false, Routing.allGke(), Placement.GKE);
    assertTrue(new Acknowledgement(release, List.of(WEB), Map.of(WEB, auto)).complete());
    assertTrue(
        new Acknowledgement(release, List.of(WEB), Map.of(WEB, auto))
            .changes()
            .get(0)
            .startsWith("shop/web: already not frozen"));
  }

  @Test
  void aServiceTheDeciderHasNotSeenIsMissingItsState() {
    Acknowledgement ack =
        new Acknowledgement(override(OverrideAction.FREEZE), List.of(WEB), Map.of());
    assertEquals(List.of("shop/web: no state on the state topic yet"), ack.missing());
  }

  private static Event<OperatorOverride> override(OverrideAction action) {
    return Event.of("/test", new OperatorOverride(WEB, action, "why", "alice", T0));
  }

  private static FailoverState state(
      long epoch, boolean frozen, Routing routing, Placement placement) {
    return new FailoverState(
        WEB,
        routing.gke() == 100 ? Mode.FAILED_OVER : Mode.PRIMARY,
        epoch,
        routing,
        placement,
        frozen,
        T0,
        Map.of(Cluster.DESKTOP, Verdict.UP, Cluster.GKE, Verdict.UP));
  }

  private static Command command(long epoch, List<String> causedBy) {
    return new Command(
        "c" + epoch,
        WEB,
        epoch,
        Mode.FAILED_OVER,
        Routing.allGke(),
        Placement.GKE,
        "forced to gke by alice: why",
        causedBy,
        false,
        T0);
  }
}
