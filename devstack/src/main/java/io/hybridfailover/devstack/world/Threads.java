package io.hybridfailover.devstack.world;

import java.util.concurrent.ThreadFactory;

/** The local world's own threads never keep the JVM alive: closing the world is what stops it. */
final class Threads {

  private Threads() {}

  static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
