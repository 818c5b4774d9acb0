package io.hybridfailover.actuation;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import java.time.Instant;
import java.util.List;

/**
 * The event half of an actuator's start-up rehearsal of its command path: a dry-run command, as the
 * intake decodes it, and the result it would answer with, encoded but never sent. Each actuator
 * runs its own write path (read and plan, no write) between the two.
 */
public final class CommandRehearsal {

  private final EventCodec codec = new EventCodec();
  private final ResultEvents results;

  /**
   * @param actuator names the actuator, e.g. {@code traffic-switcher}
   */
  public CommandRehearsal(String actuator) {
    this.results = new ResultEvents(actuator, "warm-up");
  }

  /**
   * A dry-run failover command for {@code service}, through the codec both ways. Its epoch is the
   * largest there is, so that the plan goes all the way to a desired object instead of stopping at
   * the fence.
   */
  public Command command(String service) {
    Command command =
        new Command(
            "warm-up",
            service,
            Long.MAX_VALUE,
            Mode.FAILED_OVER,
            Routing.allGke(),
            Placement.GKE,
            "start-up rehearsal",
            List.of(),
            true,
            Instant.now());
    return codec.decode(codec.encode(Event.of("/warm-up", command)), Command.class).data();
  }

  /** Encodes the result that would answer {@code command}; nothing is published. */
  public void answer(Command command, String resource, String detail) {
    codec.encode(
        results.of(
            command.commandId(),
            command.service(),
            command.epoch(),
            ActuationOutcome.UNCHANGED,
            resource,
            1,
            detail));
  }
}
