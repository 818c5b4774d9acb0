package io.hybridfailover.actuation.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** The packaged actuator as real processes, killed on close and if this JVM dies. */
final class ActuatorProcesses implements AutoCloseable {

  private final Path app;
  private final Path work;
  private final List<Process> running = new ArrayList<>();
  private final Thread reaper = new Thread(() -> running.forEach(Process::destroyForcibly));

  ActuatorProcesses(String appProperty, Path work) {
    this.app = Path.of(System.getProperty(appProperty, "target/quarkus-app/quarkus-run.jar"));
    assertTrue(Files.isRegularFile(app), "packaged application missing: " + app);
    this.work = work;
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Starts the application with these system properties, logging to {@code <run>.log}, and waits
   * until it has started (its start-up banner is in the log).
   */
  Process start(String run, List<String> properties) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
    properties.forEach(p -> command.add("-D" + p));
    command.addAll(List.of("-jar", app.toAbsolutePath().toString()));
    Path log = work.resolve(run + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    running.add(process);
    Awaitility.await(run + " to start (see " + log + ")")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              assertTrue(process.isAlive(), run + " exited at start-up; see " + log);
              return Files.readString(log).contains(" started in ");
            });
    return process;
  }

  /** SIGKILL: no shutdown hook, no last commit, as a node that loses power. */
  static void kill(Process process) throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    running.forEach(Process::destroyForcibly);
    Runtime.getRuntime().removeShutdownHook(reaper);
  }
}
