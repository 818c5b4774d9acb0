package io.hybridfailover.devstack.world;

import io.hybridfailover.devstack.drill.Figures.UserCounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * A user of {@code shop/web}: sends requests at a fixed rate, each to the copy that the route's
 * current weights select (HTTPRoute or TrafficSplit, as the Gateway or Linkerd would), and counts
 * what came back. Its availability is the one a real user would have seen.
 */
final class SyntheticUser implements AutoCloseable {

  private final HttpClient http;
  private final SwitchableApp desktop;
  private final SwitchableApp gke;
  private final IntSupplier desktopWeight;
  private final Duration timeout;
  private final Random random = new Random(42);
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(Threads.daemon("synthetic-user"));

  SyntheticUser(
      SwitchableApp desktop,
      SwitchableApp gke,
      IntSupplier desktopWeight,
      int ratePerSecond,
      Duration timeout) {
    this.desktop = desktop;
    this.gke = gke;
    this.desktopWeight = desktopWeight;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    long period = 1_000_000L / ratePerSecond;
    ticker.scheduleAtFixedRate(this::send, period, period, TimeUnit.MICROSECONDS);
  }

  /** Counts from zero again, e.g. at the drill's first step. */
  void reset() {
    requests.set(0);
    errors.set(0);
  }

  UserCounts counts() {
    return new UserCounts(requests.get(), errors.get());
  }

  private void send() {
    SwitchableApp copy = random.nextInt(100) < desktopWeight.getAsInt() ? desktop : gke;
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(copy.userUrl())).timeout(timeout).GET().build();
    requests.incrementAndGet();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, failure) -> {
              if (failure != null || response.statusCode() >= 500) {
                errors.incrementAndGet();
              }
            });
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
