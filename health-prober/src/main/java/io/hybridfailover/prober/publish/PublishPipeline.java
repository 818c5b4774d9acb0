package io.hybridfailover.prober.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Sends items through a sender that may fail for a while (Kafka unreachable) without ever blocking
 * the caller or growing without bound. While sends succeed, items go out as they come, up to {@code
 * maxInFlight} at a time. After a failure the pipeline is <em>unavailable</em>: it keeps the newest
 * items in a {@link NewestBuffer} and sends only one at a time, as a probe of the sender, until one
 * succeeds; then it is available again and sends the backlog. Each change of availability is
 * reported to the {@link Listener} once.
 *
 * @param <T> the item type
 */
public final class PublishPipeline<T> {

  /** Told about each change of availability, outside the pipeline's lock. */
  public interface Listener {

    void unavailable(Throwable cause, Status status);

    void available(Status status);
  }

  /**
   * A snapshot for readiness and metrics.
   *
   * @param failures sends that failed, ever
   * @param lastError the last send failure, {@code null} if none
   */
  public record Status(
      boolean available,
      int buffered,
      int capacity,
      long dropped,
      long failures,
      String lastError) {}

  private final NewestBuffer<T> buffer;
  private final int maxInFlight;
  private final Function<T, CompletionStage<Void>> sender;
  private final Listener listener;

  private boolean available = true;
  private int inFlight;
  private long failures;
  private String lastError;

  public PublishPipeline(
      int capacity, int maxInFlight, Function<T, CompletionStage<Void>> sender, Listener listener) {
    this.buffer = new NewestBuffer<>(capacity);
    this.maxInFlight = maxInFlight;
    this.sender = sender;
    this.listener = listener;
  }

  /** Queues {@code item} and sends what may be sent now. Never blocks on the sender. */
  public void offer(T item) {
    List<NewestBuffer.Entry<T>> toSend;
    synchronized (this) {
      buffer.add(item);
      toSend = takeSendable();
    }
    send(toSend);
  }

  public synchronized Status status() {
    return new Status(
        available, buffer.size(), buffer.capacity(), buffer.dropped(), failures, lastError);
  }

  private void send(List<NewestBuffer.Entry<T>> entries) {
    for (NewestBuffer.Entry<T> entry : entries) {
      CompletionStage<Void> sent;
      try {
        sent = sender.apply(entry.item());
      } catch (RuntimeException e) {
        completed(entry, e);
        continue;
      }
      sent.whenComplete((ignored, error) -> completed(entry, error));
    }
  }

  private void completed(NewestBuffer.Entry<T> entry, Throwable error) {
    List<NewestBuffer.Entry<T>> toSend = List.of();
    boolean becameAvailable = false;
    boolean becameUnavailable = false;
    Status status;
    synchronized (this) {
      inFlight--;
      if (error == null) {
        becameAvailable = !available;
        available = true;
        toSend = takeSendable();
      } else {
        failures++;
        lastError = describe(error);
        buffer.putBack(entry);
        becameUnavailable = available;
        available = false;
        // No resend here: the next offer retries, so a sender that fails at once cannot spin.
      }
      status = status();
    }
    if (becameAvailable) {
      listener.available(status);
    }
    if (becameUnavailable) {
      listener.unavailable(error, status);
    }
    send(toSend);
  }

  /**
   * The innermost cause, which says what actually went wrong ({@code TimeoutException: Topic ...
   * not present in metadata after 3000 ms}) where wrappers say only that retries ran out.
   */
  public static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null
        ? root.getClass().getSimpleName()
        : root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /** Under the lock: what to send now, counted as in flight. */
  private List<NewestBuffer.Entry<T>> takeSendable() {
    int limit = available ? maxInFlight : 1;
    List<NewestBuffer.Entry<T>> taken = new ArrayList<>();
    while (inFlight < limit) {
      NewestBuffer.Entry<T> next = buffer.poll();
      if (next == null) {
        break;
      }
      inFlight++;
      taken.add(next);
    }
    return taken;
  }
}
