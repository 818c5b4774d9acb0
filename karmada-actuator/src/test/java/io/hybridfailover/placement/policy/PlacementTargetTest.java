package io.hybridfailover.placement.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.catalog.ServiceCatalog;
import io.hybridfailover.catalog.ServiceCatalogConfig;
import io.hybridfailover.placement.policy.PlacementTarget.PolicyKind;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The policy of each service, from its {@code placement} block of the service catalog. */
class PlacementTargetTest {

  /** The catalog as the actuator reads it, each service probed on both clusters. */
  private static Map<String, PlacementTarget> read(Map<String, String> properties) {
    Map<String, String> all = new HashMap<>(properties);
    for (String key : properties.keySet()) {
      String service = key.substring(0, key.indexOf('"', "hybrid.services.\"".length()) + 1);
      all.put(service + ".desktop.url", "http://desktop.example/healthz");
      all.put(service + ".gke.url", "http://gke.example/healthz");
    }
    Map<String, PlacementTarget> targets = new TreeMap<>();
    ServiceCatalog.load(
            new SmallRyeConfigBuilder()
                .withMapping(ServiceCatalogConfig.class)
                .withSources(new PropertiesConfigSource(all, "test", 100))
                .build())
        .placement()
        .forEach((service, block) -> targets.put(service, PlacementTarget.of(block)));
    return targets;
  }

  /** Every line of a start-up failure. */
  private static String message(RuntimeException e) {
    StringBuilder all = new StringBuilder(String.valueOf(e.getMessage()));
    if (e instanceof ConfigValidationException validation) {
      for (int i = 0; i < validation.getProblemCount(); i++) {
        all.append('\n').append(validation.getProblem(i).getMessage());
      }
    }
    return all.toString();
  }

  @Test
  void aPlacementBlockWithOneKey_getsTheDefaultsFromTheServiceId() {
    Map<String, PlacementTarget> targets =
        read(Map.of("hybrid.services.\"shop/web\".placement.name", "web"));

    assertEquals(
        new PlacementTarget(
            "shop/web",
            PolicyKind.PROPAGATION_POLICY,
            "shop",
            "web",
            "apps/v1",
            "Deployment",
            "shop",
            "web",
            "desktop",
            "gke"),
        targets.get("shop/web"));
    assertEquals("web-deployment", targets.get("shop/web").bindingName());
  }

  @Test
  void everySettingIsRead() {
    Map<String, PlacementTarget> targets =
        read(
            Map.of(
                "hybrid.services.\"shop/cart\".placement.kind", "ClusterPropagationPolicy",
                "hybrid.services.\"shop/cart\".placement.name", "cart-policy",
                "hybrid.services.\"shop/cart\".placement.namespace", "ignored",
                "hybrid.services.\"shop/cart\".placement.workload-kind", "StatefulSet",
                "hybrid.services.\"shop/cart\".placement.workload-api-version", "apps/v1beta2",
                "hybrid.services.\"shop/cart\".placement.workload-name", "cart-db",
                "hybrid.services.\"shop/cart\".placement.desktop-cluster", "home",
                "hybrid.services.\"shop/cart\".placement.gke-cluster", "cloud"));

    PlacementTarget cart = targets.get("shop/cart");
    assertEquals(
        new PlacementTarget(
            "shop/cart",
            PolicyKind.CLUSTER_PROPAGATION_POLICY,
            null,
            "cart-policy",
            "apps/v1beta2",
            "StatefulSet",
            "shop",
            "cart-db",
            "home",
            "cloud"),
        cart);
    assertEquals(
        "policy.karmada.io/v1alpha1 ClusterPropagationPolicy cart-policy", cart.describe());
    assertEquals("cart-db-statefulset", cart.bindingName());
  }

  @Test
  void anUnknownKind_stopsStartUpNamingTheKey() {
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () -> read(Map.of("hybrid.services.\"shop/web\".placement.kind", "Deployment")));

    assertTrue(message(e).contains("hybrid.services.\"shop/web\".placement.kind"), message(e));
    assertTrue(message(e).contains("\"Deployment\""), message(e));
  }

  @Test
  void anUnknownSetting_stopsStartUpNamingTheKey() {
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () -> read(Map.of("hybrid.services.\"shop/web\".placement.cluster", "gke")));

    assertTrue(message(e).contains("hybrid.services.\"shop/web\".placement.cluster"), message(e));
  }

  @Test
  void theSameClusterForDesktopAndGke_stopsStartUp() {
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () -> read(Map.of("hybrid.services.\"shop/web\".placement.desktop-cluster", "gke")));

    assertTrue(message(e).contains("placement.gke-cluster=gke"), message(e));
  }

  @Test
  void servicesWithoutAPlacementBlock_areNotPlaced() {
    assertTrue(read(Map.of("hybrid.services.\"shop/web\".routing.kind", "TrafficSplit")).isEmpty());
  }
}
