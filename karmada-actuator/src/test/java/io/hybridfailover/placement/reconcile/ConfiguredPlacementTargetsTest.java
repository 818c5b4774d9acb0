package io.hybridfailover.placement.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.placement.policy.PlacementTarget;
import io.hybridfailover.placement.policy.PlacementTarget.PolicyKind;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfiguredPlacementTargetsTest {

  private static SmallRyeConfig config(Map<String, String> properties) {
    return new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(properties, "test", 100))
        .build();
  }

  @Test
  void aPlacementBlockWithOneKey_getsTheDefaultsFromTheServiceId() {
    Map<String, PlacementTarget> targets =
        ConfiguredPlacementTargets.read(
            config(Map.of("hybrid.services.\"shop/web\".placement.name", "web")));

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
        ConfiguredPlacementTargets.read(
            config(
                Map.of(
                    "hybrid.services.\"shop/cart\".placement.kind", "ClusterPropagationPolicy",
                    "hybrid.services.\"shop/cart\".placement.name", "cart-policy",
                    "hybrid.services.\"shop/cart\".placement.namespace", "ignored",
                    "hybrid.services.\"shop/cart\".placement.workload-kind", "StatefulSet",
                    "hybrid.services.\"shop/cart\".placement.workload-api-version", "apps/v1beta2",
                    "hybrid.services.\"shop/cart\".placement.workload-name", "cart-db",
                    "hybrid.services.\"shop/cart\".placement.desktop-cluster", "home",
                    "hybrid.services.\"shop/cart\".placement.gke-cluster", "cloud")));

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
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ConfiguredPlacementTargets.read(
                    config(Map.of("hybrid.services.\"shop/web\".placement.kind", "Deployment"))));

    assertTrue(
        e.getMessage().contains("hybrid.services.\"shop/web\".placement.kind=Deployment"),
        e.getMessage());
  }

  @Test
  void anUnknownSetting_stopsStartUpNamingTheKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ConfiguredPlacementTargets.read(
                    config(Map.of("hybrid.services.\"shop/web\".placement.cluster", "gke"))));

    assertTrue(
        e.getMessage().contains("hybrid.services.\"shop/web\".placement.cluster"), e.getMessage());
  }

  @Test
  void theSameClusterForDesktopAndGke_stopsStartUp() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ConfiguredPlacementTargets.read(
                    config(
                        Map.of("hybrid.services.\"shop/web\".placement.desktop-cluster", "gke"))));

    assertTrue(e.getMessage().contains("placement.gke-cluster=gke"), e.getMessage());
  }

  @Test
  void servicesWithoutAPlacementBlock_areNotPlaced() {
    assertTrue(
        ConfiguredPlacementTargets.read(
                config(Map.of("hybrid.services.\"shop/web\".routing.kind", "TrafficSplit")))
            .isEmpty());
  }
}
