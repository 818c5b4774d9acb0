package io.hybridfailover.prober.it;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged prober, started with a broken service list, stops at once with a message that names
 * the key: no broker is needed to find out.
 */
class BrokenConfigurationIT {

  @Test
  void aTimeoutNotShorterThanTheIntervalStopsStartUpNamingTheKey() throws Exception {
    assertStopsNaming("hybrid.services.\"shop/web\".gke.timeout", "gke.timeout=2s");
  }

  /** The actuators' blocks are the catalog's too: a bad one stops the prober as well. */
  @Test
  void aBadRoutingKindStopsStartUpNamingTheKey() throws Exception {
    assertStopsNaming("hybrid.services.\"shop/web\".routing.kind", "routing.kind=Nope");
  }

  private static void assertStopsNaming(String key, String badSetting) throws Exception {
    Path app = Path.of(System.getProperty("prober.app.jar", "target/quarkus-app/quarkus-run.jar"));
    assertTrue(Files.isRegularFile(app), "packaged application missing: " + app);
    Path log = Files.createDirectories(Path.of("target", "broken-config-it")).resolve("prober.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process prober =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=0",
                "-Dhybrid.services.\"shop/web\".desktop.url=http://127.0.0.1:9/healthz",
                "-Dhybrid.services.\"shop/web\".gke.url=http://127.0.0.1:9/healthz",
                "-Dhybrid.services.\"shop/web\"." + badSetting,
                "-jar",
                app.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      assertTrue(prober.waitFor(60, TimeUnit.SECONDS), "the prober did not stop on its own");
      assertNotEquals(0, prober.exitValue(), "start-up must fail");
      String output = Files.readString(log);
      assertTrue(output.contains(key), "the message names the key; output in " + log);
    } finally {
      prober.destroyForcibly();
    }
  }
}
