package io.hybridfailover.actuation.it;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged actuator, started with a bad entry in its block of the service catalog, stops at
 * once with a message that names the key: it does not start, answer ready and log stack traces from
 * its drift cycle. No broker is needed to find out.
 */
public abstract class BrokenCatalogScenario {

  private final String name;
  private final String badSetting;

  /**
   * @param name the actuator, for the log file
   * @param badSetting {@code key=value} under {@code hybrid.services."shop/web".}, e.g. {@code
   *     routing.kind=Nope}
   */
  protected BrokenCatalogScenario(String name, String badSetting) {
    this.name = name;
    this.badSetting = badSetting;
  }

  @Test
  void aBadEntryStopsStartUpNamingTheKey() throws Exception {
    Path app =
        Path.of(System.getProperty("actuator.app.jar", "target/quarkus-app/quarkus-run.jar"));
    assertTrue(Files.isRegularFile(app), "packaged application missing: " + app);
    Path log =
        Files.createDirectories(Path.of("target", "broken-catalog-it")).resolve(name + ".log");
    String entry = "hybrid.services.\"shop/web\".";
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process actuator =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=0",
                "-Dkafka.bootstrap.servers=127.0.0.1:9",
                "-Dquarkus.kubernetes-client.api-server-url=http://127.0.0.1:9",
                "-D" + entry + "desktop.url=http://127.0.0.1:9/healthz",
                "-D" + entry + "gke.url=http://127.0.0.1:9/healthz",
                "-D" + entry + badSetting,
                "-jar",
                app.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      assertTrue(actuator.waitFor(60, TimeUnit.SECONDS), "it did not stop on its own; see " + log);
      assertNotEquals(0, actuator.exitValue(), "start-up must fail");
      String key = entry + badSetting.substring(0, badSetting.indexOf('='));
      assertTrue(Files.readString(log).contains(key), "the message names " + key + "; see " + log);
    } finally {
      actuator.destroyForcibly();
    }
  }
}
