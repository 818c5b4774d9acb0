package io.hybridfailover.devstack.world;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything a world's parts started, each piece kept the moment it starts (so that a Ctrl-C during
 * start-up stops it too) and stopped newest first: every service gets SIGTERM at once, the brokers
 * go last, side by side.
 */
final class Teardown implements AutoCloseable {

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final Consumer<String> progress;
  private boolean closed;

  Teardown(Consumer<String> progress) {
    this.progress = progress;
  }

  /** Keeps {@code thing} to stop on close; stops it at once if the world is already closing. */
  synchronized <T extends AutoCloseable> T keep(T thing) throws Exception {
    if (closed) {
      thing.close();
      throw new IllegalStateException("stopped while starting");
    }
    started.push(thing);
    return thing;
  }

  /** The process ids of every process kept, those started again included. */
  synchronized List<Long> pids() {
    return started.stream()
        .filter(ManagedProcess.class::isInstance)
        .map(p -> ((ManagedProcess) p).pid())
        .toList();
  }

  /** Stops everything kept, newest first; safe to call twice (and from a shutdown hook). */
  @Override
  public synchronized void close() {
    closed = true;
    // Every service gets SIGTERM at once, so that they shut down side by side.
    started.stream()
        .filter(ManagedProcess.class::isInstance)
        .map(ManagedProcess.class::cast)
        .filter(process -> !isBroker(process))
        .forEach(ManagedProcess::requestStop);
    // The broker last, even one started again during the drill: clients close while it serves.
    List<AutoCloseable> brokers = new ArrayList<>();
    while (!started.isEmpty()) {
      AutoCloseable next = started.pop();
      if (isBroker(next)) {
        brokers.add(next);
      } else {
        stop(next);
      }
    }
    // Side by side: a KRaft node stopping after the others have gone would wait for a quorum.
    brokers.stream()
        .filter(ManagedProcess.class::isInstance)
        .map(ManagedProcess.class::cast)
        .forEach(ManagedProcess::requestStop);
    brokers.forEach(this::stop);
  }

  private static boolean isBroker(AutoCloseable thing) {
    return thing instanceof ManagedProcess process && process.name().startsWith("broker");
  }

  private void stop(AutoCloseable thing) {
    try {
      thing.close();
    } catch (Exception e) {
      progress.accept("could not stop " + thing + ": " + e);
    }
  }
}
