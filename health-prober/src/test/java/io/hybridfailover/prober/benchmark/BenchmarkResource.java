package io.hybridfailover.prober.benchmark;

import static org.awaitility.Awaitility.await;

import io.hybridfailover.catalog.DurationConverter;
import io.hybridfailover.kafka.embedded.EmbeddedKafkaMain;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the benchmark's world in two child processes, so that only the prober runs in the test
 * JVM: the target servers ({@link BenchmarkTargets}) and a Kafka broker ({@link
 * EmbeddedKafkaMain}). Configures {@link #SERVICES} services, each probed on both clusters: 90%
 * answer 200, 5% answer 500, 5% never answer (DOWN at the timeout).
 */
public class BenchmarkResource implements QuarkusTestResourceLifecycleManager {

  static final int SERVICES = Integer.getInteger("benchmark.services", 250);

  /** Every target's interval (a duration as the catalog writes it), and its timeout: 80% of it. */
  static final Duration INTERVAL =
      new DurationConverter().convert(System.getProperty("benchmark.interval", "1s"));

  static final Duration TIMEOUT = INTERVAL.multipliedBy(4).dividedBy(5);
  static final Map<String, Process> CHILDREN = new HashMap<>();

  @Override
  public Map<String, String> start() {
    try {
      Path bootstrapFile = Files.createTempFile("benchmark-kafka", ".bootstrap");
      Files.delete(bootstrapFile);
      Process kafka =
          fork(
              "kafka",
              EmbeddedKafkaMain.class.getName(),
              "--bootstrap-file",
              bootstrapFile.toString());
      Process targets = fork("targets", BenchmarkTargets.class.getName(), "4");
      String[] ports;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(targets.getInputStream(), StandardCharsets.UTF_8))) {
        String line = out.readLine();
        if (line == null || !line.startsWith("PORTS=")) {
          throw new IllegalStateException("target servers did not start: " + line);
        }
        ports = line.substring("PORTS=".length()).split(",");
      }
      String bootstrap = awaitFile(bootstrapFile, kafka);

      Map<String, String> config = new HashMap<>();
      config.put("kafka.bootstrap.servers", bootstrap);
      for (int i = 0; i < SERVICES; i++) {
        String service = "bench/svc-" + i;
        String path = i % 20 == 0 ? "/fail/" : i % 20 == 1 ? "/hang/" : "/up/";
        for (String cluster : List.of("desktop", "gke")) {
          String port = ports[(i * 2 + cluster.length()) % ports.length];
          String key = "hybrid.services.\"" + service + "\"." + cluster;
          config.put(key + ".url", "http://127.0.0.1:" + port + path + i + "/" + cluster);
          config.put(key + ".interval", INTERVAL.toMillis() + "ms");
          config.put(key + ".timeout", TIMEOUT.toMillis() + "ms");
          if (path.equals("/up/")) {
            config.put(key + ".body-contains", "ok");
          }
        }
      }
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    CHILDREN.values().forEach(Process::destroy);
    for (Process child : CHILDREN.values()) {
      try {
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
          child.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        child.destroyForcibly();
      }
    }
  }

  private static Process fork(String name, String mainClass, String... args) throws IOException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
    command.addAll(List.of(args));
    Path log = Path.of("target", "benchmark-" + name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
    if (name.equals("kafka")) {
      builder.redirectOutput(log.toFile());
    }
    Process process = builder.start();
    CHILDREN.put(name, process);
    return process;
  }

  private static String awaitFile(Path file, Process writer) throws IOException {
    await()
        .alias("Kafka broker started in 120 s")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!Files.exists(file) && !writer.isAlive()) {
                throw new IllegalStateException(
                    "Kafka broker exited: see target/benchmark-kafka.log");
              }
              return Files.exists(file);
            });
    return Files.readString(file, StandardCharsets.UTF_8).trim();
  }
}
