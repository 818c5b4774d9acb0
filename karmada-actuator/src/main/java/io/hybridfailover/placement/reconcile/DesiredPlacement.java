package io.hybridfailover.placement.reconcile;

import io.hybridfailover.events.Command;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest command seen per service. The policies themselves carry what was last written (epoch
 * and command id annotations); this remembers what was asked for, so that a command whose write
 * gave up is applied on a later drift cycle, and a write or confirmation still going on for an
 * older epoch stops.
 */
@ApplicationScoped
public class DesiredPlacement {

  private final Map<String, Command> newest = new ConcurrentHashMap<>();

  /** Records the command if it is the newest for its service. */
  public void offer(Command command) {
    newest.merge(
        command.service(),
        command,
        (old, candidate) -> candidate.epoch() > old.epoch() ? candidate : old);
  }

  public Optional<Command> newest(String service) {
    return Optional.ofNullable(newest.get(service));
  }

  public long newestEpoch(String service, long otherwise) {
    Command command = newest.get(service);
    return command == null ? otherwise : Math.max(command.epoch(), otherwise);
  }
}
