package io.hybridfailover.actuation;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.jboss.logging.Logger;

/**
 * At start-up, what was asked before this process started: the commands topic read into the {@link
 * NewestCommands} ({@link CommandHistory}), so that a command whose write gave up before a restart
 * is still applied by the drift cycle. Kafka may not be reachable yet: the read is retried until it
 * succeeds, on a daemon thread of its own, so that neither the HTTP server (health) nor a SIGTERM
 * waits for it; until then {@link #check} is DOWN and says why.
 */
final class StartupRecovery {

  /** The loop's parts log under the loop's category, so one setting governs them all. */
  private static final Logger LOG = Logger.getLogger(ReconcileLoop.class);

  /** One attempt to read the commands topic; attempts go on until one succeeds. */
  private static final Duration HISTORY_ATTEMPT = Duration.ofSeconds(10);

  private static final Duration HISTORY_RETRY = Duration.ofSeconds(1);

  /** Where the start-up read of the commands topic is. */
  private record History(boolean read, int commands, String problem) {}

  private final String actuator;
  private final NewestCommands newest;
  private volatile History history = new History(false, 0, null);

  StartupRecovery(String actuator, NewestCommands newest) {
    this.actuator = actuator;
    this.newest = newest;
  }

  /**
   * Starts reading the commands topic in the background.
   *
   * @param kafka the service's Kafka client settings
   * @param then runs once the topic was read (the rehearsal)
   */
  void start(Map<String, Object> kafka, Runnable then) {
    Thread reader = new Thread(() -> read(kafka, then), actuator + "-command-history");
    reader.setDaemon(true);
    reader.start();
  }

  /** Readiness: UP once the commands topic was read at start-up. */
  HealthCheckResponse check() {
    History now = history;
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named(actuator + " command history read").status(now.read());
    if (now.read()) {
      response.withData("commands", now.commands());
    } else {
      response.withData(
          "waiting",
          now.problem() == null ? "reading the commands topic" : "retrying: " + now.problem());
    }
    return response.build();
  }

  /** Reads the commands topic until it succeeds, then runs {@code then}. */
  private void read(Map<String, Object> kafka, Runnable then) {
    while (true) {
      try {
        int read = CommandHistory.recover(kafka, newest, HISTORY_ATTEMPT);
        LOG.infof(
            "read %d commands from the commands topic to know what each service asks for", read);
        history = new History(true, read, null);
        then.run();
        return;
      } catch (KafkaException | IllegalStateException e) {
        if (history.problem() == null) {
          LOG.warnf(
              "cannot read the commands topic yet (%s); retrying until Kafka answers, not ready"
                  + " meanwhile",
              e);
        }
        history = new History(false, 0, e.toString());
      }
      try {
        Thread.sleep(HISTORY_RETRY.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
