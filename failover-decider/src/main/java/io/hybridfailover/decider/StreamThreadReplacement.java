package io.hybridfailover.decider;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Deque;
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

  @Override
  public StreamThreadExceptionResponse handle(Throwable exception) {
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
