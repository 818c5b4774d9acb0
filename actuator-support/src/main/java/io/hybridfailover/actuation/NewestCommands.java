package io.hybridfailover.actuation;

import io.hybridfailover.events.Command;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest command seen per service. The objects themselves carry what was last written (epoch
 * and command-id annotations); this remembers what was asked for, so that a command whose write
 * gave up is applied on a later drift cycle, and a write still retrying for an older epoch stops.
 */
public class NewestCommands {

  private final Map<String, Command> newest = new ConcurrentHashMap<>();

  /** Records the command if it is the newest for its service. */
  public void offer(Command command) {
    newest.merge(
        command.service(),
        command,
        (old, candidate) -> candidate.epoch() > old.epoch() ? candidate : old);
  }

  /** Forgets what was asked for the service: for tests that share one running actuator. */
  public void forget(String service) {
    newest.remove(service);
  }

  public Optional<Command> newest(String service) {
    return Optional.ofNullable(newest.get(service));
  }

  /** The newest epoch known for the service, or {@code otherwise} if that is newer. */
  public long newestEpoch(String service, long otherwise) {
    Command command = newest.get(service);
    return command == null ? otherwise : Math.max(command.epoch(), otherwise);
  }
}
