package io.hybridfailover.devstack.world;

import io.hybridfailover.devstack.drill.DrillSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What each service process of the local world is told: the shared service catalog, each service's
 * own properties at the drill's settings, and the kubeconfig the actuators read.
 *
 * @param work where each process has its directory (and the kubeconfigs are written)
 * @param apiProxyUrl the fault-injecting proxy in front of the API server that the actuators go
 *     through, or null
 * @param fleet the services beyond {@code shop/web} ({@code ./demo --services N})
 */
record ServiceConfigs(
    Path work,
    DrillSettings settings,
    Route route,
    SwitchableApp desktop,
    SwitchableApp gke,
    String apiUrl,
    String apiProxyUrl,
    Fleet fleet) {

  private static final String KUBECONFIG = "KUBECONFIG";

  /** The shared service list, as every service reads it; each prober probes via its own path. */
  Map<String, String> catalog(String via) {
    Map<String, String> catalog = new LinkedHashMap<>();
    String entry = "hybrid.services.\"shop/web\".";
    catalog.put(entry + "desktop.url", desktop.healthUrl(via));
    catalog.put(entry + "gke.url", gke.healthUrl(via));
    for (String cluster : List.of("desktop", "gke")) {
      catalog.put(entry + cluster + ".interval", settings.probeInterval().toMillis() + "ms");
      catalog.put(entry + cluster + ".timeout", settings.probeTimeout().toMillis() + "ms");
    }
    catalog.put(entry + "routing.kind", route.kind());
    catalog.put(entry + "routing.desktop-backend", "web-desktop");
    catalog.put(entry + "routing.gke-backend", "web");
    catalog.put(entry + "placement.kind", "PropagationPolicy");
    catalog.put(entry + "placement.name", "web");
    catalog.putAll(
        fleet.catalog(
            via,
            route,
            desktop,
            gke,
            settings.probeInterval().toMillis() + "ms",
            settings.probeTimeout().toMillis() + "ms"));
    return catalog;
  }

  Map<String, String> prober(String id) {
    Map<String, String> config = new LinkedHashMap<>(identities().signing("observations", id));
    config.put("hybrid.prober.id", id);
    return config;
  }

  /** Every actor's key pair, so that the decider checks the signer of every input. */
  ActorIdentities identities() {
    return new ActorIdentities(work.resolve("identity"));
  }

  Map<String, String> decider(String name) {
    Map<String, String> config = new LinkedHashMap<>(settings.deciderProperties());
    config.put("kafka-streams.state.dir", work.resolve(name).resolve("state").toString());
    // Names the Streams clients after the instance: the drill finds which one owns a task.
    config.put("kafka-streams.client.id", name);
    config.put("hybrid.service.instance-id", name);
    config.putAll(
        identities()
            .trusted(
                IntStream.rangeClosed(1, settings.probers())
                    .mapToObj(i -> "prober-" + i)
                    .toList()));
    return config;
  }

  /** The one traffic-switcher of the usual world: its instance id is the application's default. */
  Map<String, String> switcher() {
    Map<String, String> config =
        new LinkedHashMap<>(identities().signing("results", OurServices.SWITCHER));
    config.put("hybrid.actuation.drift-interval", "10s");
    config.put("hybrid.switcher.mesh-check-interval", "2s");
    return config;
  }

  /**
   * One of several traffic-switchers running hot: named by {@code instanceId} in its results'
   * {@code source} and its consumer group ({@code traffic-switcher.<instanceId>}), so that each
   * takes every command; all sign as the one traffic-switcher actor, as deploy/'s replicas share
   * its key.
   */
  Map<String, String> switcher(String instanceId) {
    Map<String, String> config = switcher();
    config.put("hybrid.actuation.instance-id", instanceId);
    return config;
  }

  /**
   * The environment of a service that reaches the API server directly even in a world with the
   * fault proxy: the traffic-switchers after the first, so that the proxy's faults hit one replica
   * only.
   */
  Map<String, String> directToApi() throws IOException {
    return Map.of(KUBECONFIG, kubeconfig("kubeconfig", apiUrl).toString());
  }

  Map<String, String> actuator() {
    Map<String, String> config =
        new LinkedHashMap<>(identities().signing("results", OurServices.ACTUATOR));
    config.put("hybrid.actuator.reschedule-timeout", "5s");
    config.put("hybrid.actuator.confirm-poll-interval", "200ms");
    config.put("hybrid.actuation.drift-interval", "10s");
    return config;
  }

  /**
   * {@code env} and the {@code KUBECONFIG} of a service of {@code module}: the actuators' goes
   * through the fault proxy if the world has one, unless {@code env} names its own ({@link
   * #directToApi}).
   */
  Map<String, String> environment(String module, Map<String, String> env) throws IOException {
    Map<String, String> all = new LinkedHashMap<>(env);
    if (!all.containsKey(KUBECONFIG)) {
      boolean actuator = module.equals(OurServices.SWITCHER) || module.equals(OurServices.ACTUATOR);
      all.put(
          KUBECONFIG,
          (actuator && apiProxyUrl != null
                  ? kubeconfig("kubeconfig-via-proxy", apiProxyUrl)
                  : kubeconfig("kubeconfig", apiUrl))
              .toString());
    }
    return all;
  }

  /**
   * A kubeconfig for the API double, as users give one for the Karmada API server: the fabric8
   * client of the actuators reads {@code KUBECONFIG} at start-up.
   */
  private Path kubeconfig(String name, String server) throws IOException {
    Path file = work.resolve(name);
    if (!Files.exists(file)) {
      Files.writeString(
          file,
          String.join(
              "\n",
              "apiVersion: v1",
              "kind: Config",
              "clusters:",
              "  - name: local-world",
              "    cluster:",
              "      server: " + server,
              "users:",
              "  - name: drill",
              "    user:",
              "      token: local-world-has-no-auth",
              "contexts:",
              "  - name: local-world",
              "    context:",
              "      cluster: local-world",
              "      user: drill",
              "      namespace: shop",
              "current-context: local-world",
              ""));
    }
    return file;
  }
}
