package io.hybridfailover.devstack.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./demo --prometheus}: a real Prometheus (Debian's {@code prometheus} package) scraping
 * every service process of the local world every second, with the alert rules of {@code
 * deploy/monitoring/rules.yaml} loaded and evaluated every second, and what fired when.
 *
 * <p>The rules are the deployed ones with two changes only: each {@code for:} divided by {@link
 * #FOR_SCALE}, and the group's evaluation interval 1 s. The scrape gives each process the labels
 * the GKE PodMonitorings give a pod ({@code job} = the service, {@code pod}, {@code container},
 * {@code namespace}), so every expression matches as deployed.
 */
public final class LocalPrometheus implements AutoCloseable {

  /**
   * The one scale factor of the local world's alerts: every {@code for:} is divided by it (1m to 2
   * s, 5m to 10 s, 1h to 2 min), so an alert fires within a drill. Range windows ({@code [5m]}) are
   * left as deployed.
   */
  public static final int FOR_SCALE = 30;

  static final String NAMESPACE = "hybrid-failover";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One process to scrape: its service (the {@code job}), its name (the {@code pod}), its port. */
  public record Target(String job, String pod, int port) {}

  /**
   * An alert's first firing, as seen on {@code /api/v1/alerts}.
   *
   * @param at when a poll first saw it firing
   * @param labels the labels of the first firing instance, without {@code alertname}
   */
  public record Firing(String alert, Instant at, Map<String, String> labels) {}

  private final ManagedProcess process;
  private final URI alerts;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final Map<String, Firing> first = new ConcurrentHashMap<>();
  private final List<Firing> startUp = new ArrayList<>();
  private final Thread poller;
  private volatile boolean stopped;

  private LocalPrometheus(ManagedProcess process, int port) {
    this.process = process;
    this.alerts = URI.create("http://127.0.0.1:" + port + "/api/v1/alerts");
    this.poller = new Thread(this::pollUntilClosed, "prometheus-alerts");
    poller.setDaemon(true);
  }

  /** Whether the {@code prometheus} binary is on the PATH. */
  public static boolean installed() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "prometheus"))) {
        return true;
      }
    }
    return false;
  }

  /** What to do when {@link #installed()} is false. */
  public static String howToInstall() {
    return "--prometheus runs a real Prometheus, which is not installed; install it with `sudo"
        + " apt-get install prometheus` (Debian/Ubuntu; the service it also sets up may be"
        + " stopped: the drill starts its own), then run the drill again";
  }

  /**
   * Writes the configuration and the scaled rules under {@code dir}, starts Prometheus on a free
   * loopback port, waits until it is ready and starts watching its alerts.
   */
  static LocalPrometheus start(Path root, Path dir, List<Target> targets, Consumer<String> progress)
      throws Exception {
    Files.createDirectories(dir);
    Map<String, Object> rules = scaledRules(root.resolve("deploy/monitoring/rules.yaml"));
    YAML.writeValue(dir.resolve("rules.yaml").toFile(), rules);
    YAML.writeValue(dir.resolve("prometheus.yaml").toFile(), config(targets));
    int port = Ports.free();
    ManagedProcess process =
        ManagedProcess.start(
            "prometheus",
            List.of(
                "prometheus",
                "--config.file=" + dir.resolve("prometheus.yaml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=1d"),
            dir,
            Map.of());
    LocalPrometheus prometheus = new LocalPrometheus(process, port);
    try {
      prometheus.awaitReady(port);
    } catch (Exception e) {
      process.close();
      throw e;
    }
    progress.accept(
        "started Prometheus at http://127.0.0.1:"
            + port
            + ": scrapes "
            + targets.size()
            + " processes every 1 s, evaluates deploy/monitoring's rules every 1 s with every for:"
            + " divided by "
            + FOR_SCALE);
    prometheus.poller.start();
    return prometheus;
  }

  ManagedProcess process() {
    return process;
  }

  /**
   * From now on, alerts count for the drill: those that fired while the world started are kept
   * apart (an alert still firing is seen again at the next look, so it counts all the same).
   */
  public synchronized void judgeFromNowOn() {
    List<Firing> before = new ArrayList<>(first.values());
    before.sort(java.util.Comparator.comparing(Firing::at));
    startUp.addAll(before);
    first.clear();
  }

  /** The alerts that fired before {@link #judgeFromNowOn()}, in the order they first fired. */
  public synchronized List<Firing> startUpFirings() {
    return List.copyOf(startUp);
  }

  /** Every alert that fired so far, with its first firing, in the order they first fired. */
  public List<Firing> firstFirings() {
    List<Firing> all = new ArrayList<>(first.values());
    all.sort(java.util.Comparator.comparing(Firing::at));
    return all;
  }

  /** The rule groups of a {@code Rules} (or PrometheusRule) file, scaled for the local world. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> scaledRules(Path rulesObject) throws IOException {
    Map<String, Object> object = YAML.readValue(rulesObject.toFile(), Map.class);
    List<Map<String, Object>> groups =
        (List<Map<String, Object>>) ((Map<String, Object>) object.get("spec")).get("groups");
    for (Map<String, Object> group : groups) {
      group.put("interval", "1s");
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        if (rule.get("for") != null) {
          rule.put("for", scaled(String.valueOf(rule.get("for"))));
        }
      }
    }
    return Map.of("groups", groups);
  }

  /**
   * A Prometheus duration divided by {@link #FOR_SCALE}, in milliseconds ({@code 1m} -> 2000ms).
   */
  static String scaled(String duration) {
    Matcher m = DURATION.matcher(duration);
    long millis = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      end = m.end();
      long n = Long.parseLong(m.group(1));
      millis +=
          switch (m.group(2)) {
            case "ms" -> n;
            case "s" -> n * 1_000;
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            case "d" -> n * 86_400_000;
            case "w" -> n * 7 * 86_400_000;
            default -> n * 365 * 86_400_000;
          };
    }
    if (end != duration.length() || end == 0) {
      throw new IllegalArgumentException("not a Prometheus duration: " + duration);
    }
    return (millis / FOR_SCALE) + "ms";
  }

  /**
   * The scrape configuration: one job per service, a target per process with the labels a GKE
   * PodMonitoring gives a pod.
   */
  static Map<String, Object> config(List<Target> targets) {
    Map<String, List<Target>> byJob = new TreeMap<>();
    targets.forEach(t -> byJob.computeIfAbsent(t.job(), j -> new ArrayList<>()).add(t));
    List<Object> jobs = new ArrayList<>();
    byJob.forEach(
        (job, list) -> {
          List<Object> statics = new ArrayList<>();
          for (Target t : list) {
            statics.add(
                Map.of(
                    "targets",
                    List.of("127.0.0.1:" + t.port()),
                    "labels",
                    Map.of("pod", t.pod(), "container", t.job(), "namespace", NAMESPACE)));
          }
          Map<String, Object> scrape = new LinkedHashMap<>();
          scrape.put("job_name", job);
          scrape.put("metrics_path", "/q/metrics");
          scrape.put("scrape_interval", "1s");
          scrape.put("scrape_timeout", "1s");
          scrape.put("static_configs", statics);
          jobs.add(scrape);
        });
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("global", Map.of("scrape_interval", "1s", "evaluation_interval", "1s"));
    config.put("rule_files", List.of("rules.yaml"));
    config.put("scrape_configs", jobs);
    return config;
  }

  private void awaitReady(int port) throws Exception {
    URI ready = URI.create("http://127.0.0.1:" + port + "/-/ready");
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Prometheus exited during start-up; see " + process.log());
      }
      try {
        if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "Prometheus not ready within " + READY_TIMEOUT.toSeconds() + " s; see " + process.log());
  }

  private void pollUntilClosed() {
    while (!stopped) {
      try {
        poll();
      } catch (IOException e) {
        // a missed poll: the next one sees the alert still firing
      } catch (InterruptedException e) {
        return;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One look at the alerts: each firing alert not seen before is remembered with this moment. */
  void poll() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(alerts).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
    Instant now = Instant.now();
    for (Firing firing : firing(JSON.readTree(response.body()), now)) {
      first.putIfAbsent(firing.alert(), firing);
    }
  }

  /** The firing alerts of an {@code /api/v1/alerts} answer. */
  static List<Firing> firing(JsonNode answer, Instant now) {
    List<Firing> firing = new ArrayList<>();
    for (JsonNode alert : answer.path("data").path("alerts")) {
      if (!"firing".equals(alert.path("state").asText())) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      alert
          .path("labels")
          .fields()
          .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      String name = labels.remove("alertname");
      firing.add(new Firing(name, now, labels));
    }
    return firing;
  }

  /** Stops watching, then Prometheus; safe to call twice. */
  @Override
  public void close() {
    stopped = true;
    poller.interrupt();
    process.close();
  }
}
