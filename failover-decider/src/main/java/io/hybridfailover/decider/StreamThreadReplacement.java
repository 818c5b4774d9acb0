package io.hybridfailover.decider;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.apache.kafka.common.errors.InvalidSessionTimeoutException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * What a stream thread's fatal error does (Quarkus hands this bean to the Kafka Streams client
 * before it starts): the thread is replaced, so the decider goes on deciding. Kafka Streams' own
 * default stops the whole client, and a decider on a starved machine did just that when the broker
 * fenced one of its transactions mid-commit (InvalidTxnStateException in EndTxn): the process
 * stayed up, deciding nothing, until something restarted it. A new thread re-initialises its
 * transactions; what the aborted one held is processed again, exactly once. An error that keeps
 * coming back is not worth replacing threads for: past {@value #MAX_REPLACEMENTS} replacements
 * within {@value #WINDOW_MS} ms the client stops, liveness turns DOWN ({@link StreamsChecks}) and
 * Kubernetes restarts the pod.
 */
@ApplicationScoped
public class StreamThreadReplacement implements StreamsUncaughtExceptionHandler {

  static final int MAX_REPLACEMENTS = 5;
  static final long WINDOW_MS = 60_000;

  private static final Logger LOG = Logger.getLogger(StreamThreadReplacement.class);

  private final Deque<Long> recent = new ArrayDeque<>();

  /** The setting a broker refuses with {@code INVALID_SESSION_TIMEOUT}. */
  static final String SESSION_TIMEOUT_KEY = "kafka-streams.consumer.session.timeout.ms";

  @Override
  public StreamThreadExceptionResponse handle(Throwable exception) {
    Optional<String> badSetting = badSetting(exception);
    if (badSetting.isPresent()) {
      LOG.errorf(exception, "%s; stopping the Kafka Streams client", badSetting.get());
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    StreamThreadExceptionResponse response = respond(System.currentTimeMillis());
    if (response == StreamThreadExceptionResponse.REPLACE_THREAD) {
      LOG.errorf(
          exception,
          "A stream thread failed (%s); replacing it, the decider goes on deciding",
          exception);
    } else {
      LOG.errorf(
          exception,
          "A stream thread failed (%s), the %d-th time within %d s; stopping the Kafka Streams"
              + " client so that liveness turns DOWN and the decider is restarted",
          exception,
          MAX_REPLACEMENTS + 1,
          WINDOW_MS / 1000);
    }
    return response;
  }

  /**
   * A failure no new thread can get past, because a setting of ours is refused: the session timeout
   * below the brokers' {@code group.min.session.timeout.ms} (6 s unless lowered; the brokers of
   * deploy/kafka and of the local world take 2 s). Said once, naming the key, rather than six
   * replacements later as a repeated error.
   */
  static Optional<String> badSetting(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof InvalidSessionTimeoutException) {
        return Optional.of(
            "The brokers refuse the decider's session timeout ("
                + SESSION_TIMEOUT_KEY
                + ", environment KAFKA_STREAMS_CONSUMER_SESSION_TIMEOUT_MS): it is below their"
                + " group.min.session.timeout.ms. Lower that floor on the brokers (deploy/kafka"
                + " sets 2000) or raise the session to at least the floor (6000 for a broker's"
                + " default), with "
                + HEARTBEAT_KEY
                + " at a third of it or less");
      }
    }
    return Optional.empty();
  }

  static final String HEARTBEAT_KEY = "kafka-streams.consumer.heartbeat.interval.ms";

  /** Replace, unless {@value #MAX_REPLACEMENTS} replacements were made in the last window. */
  synchronized StreamThreadExceptionResponse respond(long nowMs) {
    while (!recent.isEmpty() && nowMs - recent.peekFirst() >= WINDOW_MS) {
      recent.removeFirst();
    }
    if (recent.size() >= MAX_REPLACEMENTS) {
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    recent.addLast(nowMs);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }
}
