package io.hybridfailover.prober;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real HTTP server on loopback standing for both copies of {@code shop/web} (desktop answers 200,
 * gke answers 500), configured as the application's service catalog.
 */
public class LoopbackTargetsResource implements QuarkusTestResourceLifecycleManager {

  private LoopbackServer server;

  @Override
  public Map<String, String> start() {
    server = LoopbackServer.start();
    return Map.of(
        "hybrid.services.\"shop/web\".desktop.url", server.url("/up"),
        "hybrid.services.\"shop/web\".desktop.body-contains", "ok",
        "hybrid.services.\"shop/web\".gke.url", server.url("/fail"),
        "hybrid.services.\"shop/web\".gke.interval", "500ms",
        "hybrid.services.\"shop/web\".gke.timeout", "400ms");
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
    }
  }
}
