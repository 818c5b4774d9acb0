package io.hybridfailover.prober.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class PublishPipelineTest {

  /** A sender whose sends the test completes by hand. */
  private final List<CompletableFuture<Void>> pending = new ArrayList<>();

  private final List<String> sent = new ArrayList<>();
  private final List<String> events = new ArrayList<>();

  private final PublishPipeline.Listener listener =
      new PublishPipeline.Listener() {
        @Override
        public void unavailable(Throwable cause, PublishPipeline.Status status) {
          events.add("unavailable: " + cause.getMessage());
        }

        @Override
        public void available(PublishPipeline.Status status) {
          events.add("available, " + status.buffered() + " buffered");
        }
      };

  private final PublishPipeline<String> pipeline =
      new PublishPipeline<>(3, 2, this::send, listener);

  private CompletionStage<Void> send(String item) {
    sent.add(item);
    CompletableFuture<Void> future = new CompletableFuture<>();
    pending.add(future);
    return future;
  }

  @Test
  void sendsAsItemsComeUpToTheInFlightLimit() {
    pipeline.offer("a");
    pipeline.offer("b");
    pipeline.offer("c");

    assertEquals(List.of("a", "b"), sent);
    assertEquals(1, pipeline.status().buffered());

    pending.get(0).complete(null);

    assertEquals(List.of("a", "b", "c"), sent);
    assertTrue(pipeline.status().available());
    assertEquals(List.of(), events);
  }

  @Test
  void anUnreachableSenderKeepsTheNewestItemsAndSaysSoOnce() {
    pipeline.offer("a");
    pending.get(0).completeExceptionally(new IllegalStateException("broker down"));

    for (String item : List.of("b", "c", "d", "e", "f")) {
      pipeline.offer(item);
      failLastSend();
    }

    PublishPipeline.Status status = pipeline.status();
    assertFalse(status.available());
    assertEquals(3, status.buffered());
    assertEquals(3, status.dropped());
    assertEquals(6, status.failures());
    assertEquals("IllegalStateException: broker down", status.lastError());
    assertEquals(List.of("unavailable: broker down"), events);
  }

  @Test
  void whileUnavailableOnlyOneSendIsTriedAtATime() {
    pipeline.offer("a");
    pending.get(0).completeExceptionally(new IllegalStateException("broker down"));

    pipeline.offer("b");
    pipeline.offer("c");

    assertEquals(List.of("a", "a"), sent, "the oldest is retried alone");
  }

  @Test
  void recoveringSendsTheBacklogInOrderAndSaysSoOnce() {
    pipeline.offer("a");
    pending.get(0).completeExceptionally(new IllegalStateException("broker down"));
    pipeline.offer("b");
    failLastSend();
    pipeline.offer("c");
    sent.clear();

    // The retry of the oldest succeeds: the backlog follows, oldest first.
    pending.get(pending.size() - 1).complete(null);

    assertTrue(pipeline.status().available());
    assertEquals(List.of("b", "c"), sent);
    assertEquals(
        List.of("unavailable: broker down", "available, 0 buffered"), events.subList(0, 2));
  }

  @Test
  void aSenderThatThrowsCountsAsAFailure() {
    PublishPipeline<String> throwing =
        new PublishPipeline<>(
            3,
            2,
            item -> {
              throw new IllegalStateException("channel closed");
            },
            listener);

    throwing.offer("a");

    assertFalse(throwing.status().available());
    assertEquals(1, throwing.status().buffered());
    assertEquals(List.of("unavailable: channel closed"), events);
  }

  @Test
  void describesTheInnermostCause() {
    assertEquals(
        "TimeoutException: not present in metadata",
        PublishPipeline.describe(
            new IllegalStateException(
                "Retries exhausted",
                new java.util.concurrent.TimeoutException("not present in metadata"))));
    assertEquals("IllegalStateException", PublishPipeline.describe(new IllegalStateException()));
  }

  private void failLastSend() {
    CompletableFuture<Void> last = pending.get(pending.size() - 1);
    if (!last.isDone()) {
      last.completeExceptionally(new IllegalStateException("broker down"));
    }
  }
}
