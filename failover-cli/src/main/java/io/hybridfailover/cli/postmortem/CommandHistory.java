package io.hybridfailover.cli.postmortem;

import io.hybridfailover.events.Command;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Routing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands of one service in epoch order and the figures a post-mortem asks of them: when
 * traffic moved, how long it was off the desktop, how long failbacks took, how many flaps.
 */
public final class CommandHistory {

  /** One change of routing: when, and the weights from then on. */
  public record Move(Instant at, Routing routing, long epoch) {}

  /** A failback from its first FAILING_BACK command to PRIMARY. */
  public record Failback(Instant start, Instant end) {
    public Duration duration() {
      return Duration.between(start, end);
    }
  }

  private final List<Command> commands = new ArrayList<>();
  private final List<Move> moves = new ArrayList<>();
  private final List<Failback> failbacks = new ArrayList<>();
  private Routing routing = Routing.allDesktop();
  private Mode mode = Mode.PRIMARY;
  private Instant offDesktopSince;
  private Duration offDesktop = Duration.ZERO;
  private Instant failbackStart;
  private int flaps;

  public void add(Command command) {
    commands.add(command);
    if (!command.routing().equals(routing)) {
      moves.add(new Move(command.issuedAt(), command.routing(), command.epoch()));
      if (routing.desktop() == 100) {
        offDesktopSince = command.issuedAt();
      } else if (command.routing().desktop() == 100 && offDesktopSince != null) {
        offDesktop = offDesktop.plus(Duration.between(offDesktopSince, command.issuedAt()));
        offDesktopSince = null;
      }
      routing = command.routing();
    }
    if (command.mode() == Mode.FAILING_BACK && mode != Mode.FAILING_BACK) {
      failbackStart = command.issuedAt();
    }
    if (command.mode() == Mode.FAILED_OVER && mode == Mode.FAILING_BACK) {
      flaps++;
      failbackStart = null;
    }
    if (command.mode() == Mode.PRIMARY && failbackStart != null) {
      failbacks.add(new Failback(failbackStart, command.issuedAt()));
      failbackStart = null;
    }
    mode = command.mode();
  }

  public List<Command> commands() {
    return commands;
  }

  public List<Move> moves() {
    return moves;
  }

  public List<Failback> failbacks() {
    return failbacks;
  }

  public int flaps() {
    return flaps;
  }

  /** Time with traffic (some or all) off the desktop, up to {@code end} if it has not come back. */
  public Duration offDesktop(Instant end) {
    return offDesktopSince == null || end == null
        ? offDesktop
        : offDesktop.plus(Duration.between(offDesktopSince, end));
  }

  /** Whether traffic was still (partly) off the desktop at the end. */
  public boolean stillOffDesktop() {
    return offDesktopSince != null;
  }
}
