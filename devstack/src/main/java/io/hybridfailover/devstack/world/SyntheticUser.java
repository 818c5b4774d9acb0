package io.hybridfailover.devstack.world;

import io.hybridfailover.devstack.drill.Figures.UserCounts;
import io.hybridfailover.devstack.drill.Moment;
import io.hybridfailover.devstack.drill.Moment.UserAnswered;
import io.hybridfailover.events.Cluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/**
 * A user of {@code shop/web}: sends requests at a fixed rate, each to the copy that the route's
 * current weights select (HTTPRoute or TrafficSplit, as the Gateway or Linkerd would), and counts
 * what came back. Its availability is the one a real user would have seen. After each change of the
 * weights it tells the timeline the first good answer from each copy (stagesMs: when users were
 * served by GKE). In a fleet it calls every service in turn and counts errors per service.
 */
final class SyntheticUser implements AutoCloseable {

  private final HttpClient http;
  private final SwitchableApp desktop;
  private final SwitchableApp gke;
  private final IntSupplier desktopWeight;

  /** The services it calls in turn ({@code shop/web} first), and each one's route's weights. */
  private final List<String> services;

  private final ToIntFunction<String> fleetWeight;
  private final Map<String, AtomicLong> errorsByService = new ConcurrentHashMap<>();
  private final AtomicLong turn = new AtomicLong();
  private final Duration timeout;
  private final Random random = new Random(42);
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final Consumer<Moment> moments;

  /** The weight the newest request was routed by, and the copies that answered well under it. */
  private volatile int routedBy = -1;

  private int answeredUnder = -1;
  private final EnumSet<Cluster> answered = EnumSet.noneOf(Cluster.class);
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(Threads.daemon("synthetic-user"));

  SyntheticUser(
      SwitchableApp desktop,
      SwitchableApp gke,
      IntSupplier desktopWeight,
      int ratePerSecond,
      Duration timeout,
      Consumer<Moment> moments) {
    this(
        desktop,
        gke,
        desktopWeight,
        List.of(Recorder.SERVICE),
        service -> 100,
        ratePerSecond,
        timeout,
        moments);
  }

  /**
   * A user of every service of a fleet: its requests go to each service in turn, {@code shop/web}
   * routed by {@code desktopWeight}, the others by {@code fleetWeight}; errors are counted per
   * service too.
   */
  SyntheticUser(
      SwitchableApp desktop,
      SwitchableApp gke,
      IntSupplier desktopWeight,
      List<String> services,
      ToIntFunction<String> fleetWeight,
      int ratePerSecond,
      Duration timeout,
      Consumer<Moment> moments) {
    this.services = List.copyOf(services);
    this.fleetWeight = fleetWeight;
    this.moments = moments;
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
    errorsByService.clear();
  }

  /** Errors since the last reset, by service; a service without errors is left out. */
  Map<String, Long> errorsByService() {
    Map<String, Long> errors = new java.util.TreeMap<>();
    errorsByService.forEach((service, count) -> errors.put(service, count.get()));
    return errors;
  }

  UserCounts counts() {
    return new UserCounts(requests.get(), errors.get());
  }

  private void send() {
    String service = services.get((int) (turn.getAndIncrement() % services.size()));
    boolean primary = service.equals(Recorder.SERVICE);
    int weight = primary ? desktopWeight.getAsInt() : fleetWeight.applyAsInt(service);
    if (primary) {
      routedBy = weight;
    }
    boolean toDesktop = random.nextInt(100) < weight;
    SwitchableApp copy = toDesktop ? desktop : gke;
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(copy.userUrl(service))).timeout(timeout).GET().build();
    requests.incrementAndGet();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, failure) -> {
              if (failure != null || response.statusCode() >= 500) {
                errors.incrementAndGet();
                errorsByService.computeIfAbsent(service, s -> new AtomicLong()).incrementAndGet();
              } else if (primary) {
                answered(toDesktop ? Cluster.DESKTOP : Cluster.GKE, weight);
              }
            });
  }

  /** The first good answer of a copy under the newest weights goes on the timeline. */
  private void answered(Cluster copy, int weight) {
    boolean first;
    synchronized (answered) {
      if (weight != routedBy) {
        return; // routed by weights that have changed since
      }
      if (weight != answeredUnder) {
        answeredUnder = weight;
        answered.clear();
      }
      first = answered.add(copy);
    }
    if (first) {
      moments.accept(new UserAnswered(Instant.now(), copy, weight));
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
