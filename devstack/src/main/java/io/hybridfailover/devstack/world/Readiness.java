package io.hybridfailover.devstack.world;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Waits for a started process to be of use: a service ready, the broker's address written. */
final class Readiness {

  /** Seven JVMs start side by side on two cores, with other builds around. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private Readiness() {}

  /** Until the service answers 200 on {@code /q/health/ready} at {@code port}. */
  static void awaitReady(ManagedProcess process, int port, Consumer<String> progress)
      throws InterruptedException {
    awaitReady(process, port, body -> true, "ready", progress);
  }

  /**
   * Until the decider's Kafka Streams client runs: ready, and its readiness check says {@code
   * RUNNING} (ready also covers the start-up rebalance, during which it consumes nothing yet).
   */
  static void awaitDeciding(ManagedProcess process, int port, Consumer<String> progress)
      throws InterruptedException {
    awaitReady(
        process,
        port,
        body -> body.replaceAll("\\s+", "").contains("\"state\":\"RUNNING\""),
        "deciding",
        progress);
  }

  private static void awaitReady(
      ManagedProcess process,
      int port,
      Predicate<String> body,
      String what,
      Consumer<String> progress)
      throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    Instant began = Instant.now();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            process.name() + " exited during start-up; see " + process.log());
      }
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && body.test(response.body())) {
          progress.accept(
              "  "
                  + process.name()
                  + " "
                  + what
                  + " ("
                  + Duration.between(began, Instant.now()).toMillis()
                  + " ms after the others)");
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        process.name()
            + " not "
            + what
            + " within "
            + START_TIMEOUT.toSeconds()
            + " s; see "
            + process.log());
  }

  /** The content of {@code file} once {@code owner} has written it. */
  static String awaitFile(Path file, ManagedProcess owner)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (Files.isRegularFile(file)) {
        return Files.readString(file).trim();
      }
      if (!owner.isAlive()) {
        throw new IllegalStateException(owner.name() + " exited; see " + owner.log());
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(owner.name() + " did not start; see " + owner.log());
  }
}
