package io.hybridfailover.prober;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * One loopback target per way a service can be up or down, configured as the application's service
 * catalog (every service needs both clusters, so each service carries two behaviours):
 *
 * <ul>
 *   <li>{@code lab/healthy-or-failing}: desktop answers 200 "ok" (body checked), gke answers 500
 *   <li>{@code lab/refused-or-wrong-body}: desktop is a closed port, gke answers 200 "ok" but the
 *       catalog expects "UP" in the body
 *   <li>{@code lab/slow-or-blackholed}: desktop answers only after the timeout, gke accepts the
 *       connection and never answers
 * </ul>
 */
public class MisbehavingTargetsResource implements QuarkusTestResourceLifecycleManager {

  /** The timeout of the two timeout targets: short, so the test does not wait long. */
  public static final String SHORT_TIMEOUT = "400ms";

  private LoopbackServer server;
  private LoopbackServer.Blackhole blackhole;

  @Override
  public Map<String, String> start() {
    server = LoopbackServer.start();
    blackhole = LoopbackServer.blackhole();
    Map<String, String> config = new HashMap<>();

    // Generous timeouts where the outcome must not be a timeout, even on a busy machine.
    service(config, "lab/healthy-or-failing", "desktop", server.url("/up"), "1500ms", "2s");
    config.put("hybrid.services.\"lab/healthy-or-failing\".desktop.body-contains", "ok");
    service(config, "lab/healthy-or-failing", "gke", server.url("/fail"), "1500ms", "2s");

    String refused = "http://127.0.0.1:" + LoopbackServer.closedPort() + "/healthz";
    service(config, "lab/refused-or-wrong-body", "desktop", refused, "1500ms", "2s");
    service(config, "lab/refused-or-wrong-body", "gke", server.url("/up"), "1500ms", "2s");
    config.put("hybrid.services.\"lab/refused-or-wrong-body\".gke.body-contains", "UP");

    // /slow answers after 2 s, long after the 400 ms timeout: the probe must not wait for it.
    service(config, "lab/slow-or-blackholed", "desktop", server.url("/slow"), SHORT_TIMEOUT, "1s");
    service(
        config, "lab/slow-or-blackholed", "gke", blackhole.url("/healthz"), SHORT_TIMEOUT, "1s");
    return config;
  }

  private static void service(
      Map<String, String> config,
      String service,
      String cluster,
      String url,
      String timeout,
      String interval) {
    String prefix = "hybrid.services.\"" + service + "\"." + cluster + ".";
    config.put(prefix + "url", url);
    config.put(prefix + "timeout", timeout);
    config.put(prefix + "interval", interval);
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
    }
    if (blackhole != null) {
      try {
        blackhole.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
