package io.hybridfailover.cli.live;

import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.FailoverState;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether the decider has acknowledged one override, service by service, from the states and
 * commands it published after the override was sent. Plain Java, fed by the caller.
 *
 * <p>Acknowledged means: the newest state shows it (frozen after FREEZE and a force, not frozen
 * after UNFREEZE and RELEASE), and for a force, a command caused by this override (its id in {@code
 * causedBy}) has been issued, with the forced routing and placement, and the state has reached its
 * epoch. FREEZE, UNFREEZE and RELEASE issue no command of their own, and a state that already shows
 * them is not published again, so for those a state that already matched counts.
 */
final class Acknowledgement {

  private final Event<OperatorOverride> override;
  private final Set<String> services;
  private final Map<String, FailoverState> before;
  private final Map<String, FailoverState> latest;
  private final Map<String, Command> forcedCommands = new HashMap<>();

  /**
   * @param services the services the override is expected to reach
   * @param before the states read just before the override was sent
   */
  Acknowledgement(
      Event<OperatorOverride> override,
      Collection<String> services,
      Map<String, FailoverState> before) {
    this.override = override;
    this.services = new LinkedHashSet<>(services);
    this.before = Map.copyOf(before);
    this.latest = new HashMap<>(before);
  }

  void onState(FailoverState state) {
    latest.put(state.service(), state);
  }

  void onCommand(Command command) {
    if (command.causedBy().contains(override.id())) {
      forcedCommands.put(command.service(), command);
    }
  }

  boolean complete() {
    return services.stream().allMatch(this::acknowledged);
  }

  /** How many services have acknowledged so far. */
  long acknowledgedCount() {
    return services.stream().filter(this::acknowledged).count();
  }

  private boolean acknowledged(String service) {
    return missing(service).isEmpty();
  }

  /** What is still missing, one line per service that has not acknowledged. */
  List<String> missing() {
    List<String> lines = new ArrayList<>();
    for (String service : services) {
      List<String> missing = missing(service);
      if (!missing.isEmpty()) {
        lines.add(service + ": " + String.join("; ", missing));
      }
    }
    return lines;
  }

  private List<String> missing(String service) {
    List<String> missing = new ArrayList<>();
    FailoverState state = latest.get(service);
    OverrideAction action = override.data().action();
    boolean frozen = action != OverrideAction.UNFREEZE && action != OverrideAction.RELEASE;
    Cluster forced = ServiceStatus.forcedBy(action);
    if (state == null) {
      missing.add("no state on the state topic yet");
    } else if (state.frozen() != frozen) {
      missing.add(
          "the state does not show it "
              + (frozen ? "frozen" : "unfrozen")
              + " (newest: epoch "
              + state.epoch()
              + ", "
              + (state.frozen() ? "frozen" : "not frozen")
              + ")");
    }
    if (forced != null) {
      Command command = forcedCommands.get(service);
      if (command == null) {
        missing.add("no command caused by this override (id " + override.id() + ") issued yet");
      } else if (state != null && state.epoch() < command.epoch()) {
        missing.add("the state has not reached the forced command's epoch " + command.epoch());
      } else if (!command.routing().equals(routing(forced))
          || command.placement() != placement(forced)) {
        missing.add("the command caused by it does not pin " + forced.wireName());
      }
    }
    return missing;
  }

  /** What changed, one line per service, once acknowledged. */
  List<String> changes() {
    List<String> lines = new ArrayList<>();
    for (String service : services) {
      FailoverState was = before.get(service);
      FailoverState now = latest.get(service);
      Command command = forcedCommands.get(service);
      StringBuilder line = new StringBuilder(service).append(": ");
      if (now == null) {
        line.append("no state");
      } else if (was != null && was.equals(now) && command == null) {
        line.append("already ").append(now.frozen() ? "frozen" : "not frozen").append(", ");
        line.append(describe(now));
      } else {
        line.append(was == null ? "(new)" : describe(was)).append(" -> ").append(describe(now));
      }
      if (command != null) {
        line.append("; command epoch ")
            .append(command.epoch())
            .append(" issued ")
            .append(command.issuedAt());
      }
      lines.add(line.toString());
    }
    return lines;
  }

  static String describe(FailoverState state) {
    return state.mode().wireName()
        + " epoch "
        + state.epoch()
        + " desktop="
        + state.routing().desktop()
        + " gke="
        + state.routing().gke()
        + " placement "
        + state.placement().wireName()
        + (state.frozen() ? " frozen" : "");
  }

  /** The routing a force to {@code cluster} pins, as the decider issues it. */
  static Routing routing(Cluster cluster) {
    return cluster == Cluster.GKE ? Routing.allGke() : Routing.allDesktop();
  }

  static Placement placement(Cluster cluster) {
    return cluster == Cluster.GKE ? Placement.GKE : Placement.PRIMARY;
  }
}
