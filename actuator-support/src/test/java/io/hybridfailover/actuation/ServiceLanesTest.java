package io.hybridfailover.actuation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceLanesTest {

  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private final ServiceLanes lanes = new ServiceLanes("test", 2);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    lanes.close();
  }

  @Test
  void oneServicesWork_runsInOrderOneAtATime() {
    List<Integer> ran = new CopyOnWriteArrayList<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    for (int i = 0; i < 50; i++) {
      int n = i;
      lanes.submit(
          "shop/web",
          () -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            ran.add(n);
            running.decrementAndGet();
          });
    }

    Awaitility.await().atMost(PATIENCE).until(() -> ran.size() == 50);
    assertEquals(java.util.stream.IntStream.range(0, 50).boxed().toList(), ran);
    assertEquals(1, most.get(), "never two pieces of one service at once");
  }

  @Test
  void aServiceThatHangs_holdsUpNoOtherService() {
    List<String> ran = new CopyOnWriteArrayList<>();
    lanes.submit("shop/stuck", this::hang);
    lanes.submit("shop/stuck", () -> ran.add("stuck's next"));

    lanes.submit("shop/web", () -> ran.add("web"));

    Awaitility.await().atMost(PATIENCE).until(() -> ran.contains("web"));
    assertEquals(List.of("web"), ran, "the stuck service's next piece waits for its own lane");
    assertEquals(1, lanes.inFlight());
    assertEquals(1, lanes.queued());
    release.countDown();
    Awaitility.await().atMost(PATIENCE).until(() -> ran.contains("stuck's next"));
  }

  @Test
  void atMostConcurrencyServices_runAtOnce_theRestWait() {
    List<String> ran = new CopyOnWriteArrayList<>();
    lanes.submit("a", this::hang);
    lanes.submit("b", this::hang);
    lanes.submit("c", () -> ran.add("c"));

    Awaitility.await().atMost(PATIENCE).until(() -> lanes.inFlight() == 2);
    assertEquals(1, lanes.queued());
    assertTrue(ran.isEmpty(), "c waits for a thread of the bounded pool");
    release.countDown();
    Awaitility.await().atMost(PATIENCE).until(() -> ran.contains("c"));
  }

  @Test
  void aDriftCheck_isNotQueuedBehindWorkTheLaneHolds() {
    lanes.submit("shop/web", this::hang);

    assertFalse(lanes.submitIfIdle("shop/web", () -> {}), "busy: the drift check is skipped");
    assertTrue(lanes.submitIfIdle("shop/cart", () -> {}), "idle: it runs");
  }

  @Test
  void workThatThrows_doesNotStopTheLane() {
    List<String> ran = new CopyOnWriteArrayList<>();
    lanes.submit(
        "shop/web",
        () -> {
          throw new IllegalStateException("boom");
        });
    lanes.submit("shop/web", () -> ran.add("next"));

    Awaitility.await().atMost(PATIENCE).until(() -> ran.contains("next"));
  }

  @Test
  void aBoundBelowOne_isRefusedNamingTheSetting() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> new ServiceLanes("test", 0));
    assertTrue(refused.getMessage().contains("reconcile-concurrency"), refused.getMessage());
  }

  private void hang() {
    try {
      release.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
