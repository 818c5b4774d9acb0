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
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The event half of an actuator's start-up rehearsal of its command path: a dry-run command, as the
 * intake decodes it, and the result it would answer with, encoded but never sent. Each actuator
 * runs its own write path (read and plan, no write) between the two.
 */
public final class CommandRehearsal {

  private static final Logger LOG = Logger.getLogger(CommandRehearsal.class);

  private final EventCodec codec = new EventCodec();
  private final ResultEvents results;

  /**
   * @param actuator names the actuator, e.g. {@code traffic-switcher}
   */
  public CommandRehearsal(String actuator) {
    this.results = new ResultEvents(actuator, "warm-up");
  }

  /**
   * Rehearses against each target: a command in, {@code dryRun} (the actuator's write path, writing
   * nothing; it returns the plan's detail), the result encoded. A target whose API or object is not
   * there yet is skipped: its first real command then pays, nothing more.
   *
   * @return against how many targets the rehearsal got to a plan
   */
  public <T> int rehearse(
      List<T> targets,
      Function<T, String> service,
      Function<T, String> resource,
      BiFunction<T, Command, String> dryRun) {
    int rehearsed = 0;
    for (T target : targets) {
      try {
        Command command = command(service.apply(target));
        answer(command, resource.apply(target), dryRun.apply(target, command));
        rehearsed++;
      } catch (RuntimeException e) {
        LOG.debugf("warm-up against %s skipped: %s", resource.apply(target), e);
      }
    }
    return rehearsed;
  }

  /**
   * A dry-run failover command for {@code service}, through the codec both ways. Its epoch is the
   * largest there is, so that the plan goes all the way to a desired object instead of stopping at
   * the fence.
   */
  private Command command(String service) {
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
  private void answer(Command command, String resource, String detail) {
    codec.encode(
        results.of(
            command.commandId(),
            command.service(),
            command.epoch(),
            ActuationOutcome.UNCHANGED,
            resource,
            1,
            detail,
            0L,
            Instant.now()));
  }
}
