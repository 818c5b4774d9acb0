package io.hybridfailover.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Cluster;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The catalog read with plain SmallRye Config, as every service reads it. */
class ServiceCatalogTest {

  private static final String WEB = "hybrid.services.\"shop/web\".";

  @Test
  void readsBothClustersWithDefaults() {
    ServiceCatalog catalog = load(valid());

    ManagedService web = catalog.services().get(0);
    assertEquals("shop/web", web.id());
    ProbeTarget desktop = web.target(Cluster.DESKTOP);
    assertEquals(URI.create("http://web-desktop.shop.svc.cluster.local/healthz"), desktop.url());
    assertEquals("200-399", desktop.expectedStatus().text());
    assertEquals(Optional.empty(), desktop.bodyContains());
    assertEquals(Duration.ofSeconds(1), desktop.interval());
    assertEquals(Duration.ofMillis(800), desktop.timeout());
    assertEquals("shop/web@desktop", desktop.key());
    assertEquals(
        URI.create("http://web.shop.svc.cluster.local/healthz"), web.target(Cluster.GKE).url());
  }

  @Test
  void theActuatorsBlocksAreAcceptedAndNotTakenForClusters() {
    Map<String, String> props = valid();
    props.put(WEB + "routing.kind", "TrafficSplit");
    props.put(WEB + "routing.desktop-backend", "web-desktop");
    props.put(WEB + "placement.kind", "PropagationPolicy");

    ServiceCatalog catalog = load(props);

    assertEquals(2, catalog.services().get(0).targets().size(), "still desktop and gke only");
  }

  @Test
  void theRoutingBlockIsTypedWithItsDefaults() {
    Map<String, String> props = valid();
    props.put(WEB + "routing.kind", "HTTPRoute");

    RoutingBlock routing = load(props).routing().get("shop/web");

    assertEquals(
        new RoutingBlock(
            "shop/web", RoutingBlock.Kind.HTTP_ROUTE, "shop", "web", "web-desktop", "web"),
        routing);
  }

  @Test
  void thePlacementBlockIsTypedWithItsDefaults() {
    Map<String, String> props = valid();
    props.put(WEB + "placement.name", "web-policy");
    props.put("hybrid.services.\"shop/cart\".desktop.url", "http://cart-desktop.shop/healthz");
    props.put("hybrid.services.\"shop/cart\".gke.url", "http://cart.shop/healthz");
    props.put("hybrid.services.\"shop/cart\".placement.kind", "ClusterPropagationPolicy");

    ServiceCatalog catalog = load(props);

    assertEquals(
        new PlacementBlock(
            "shop/web",
            PlacementBlock.Kind.PROPAGATION_POLICY,
            "shop",
            "web-policy",
            "apps/v1",
            "Deployment",
            "shop",
            "web",
            "desktop",
            "gke"),
        catalog.placement().get("shop/web"));
    PlacementBlock cart = catalog.placement().get("shop/cart");
    assertEquals(PlacementBlock.Kind.CLUSTER_PROPAGATION_POLICY, cart.kind());
    assertEquals(null, cart.namespace(), "a ClusterPropagationPolicy has none");
    assertEquals("shop", cart.workloadNamespace());
    assertEquals(Map.of(), catalog.routing(), "no service is routed");
  }

  @Test
  void anUnknownRoutingKindNamesItsKey() {
    Map<String, String> props = valid();
    props.put(WEB + "routing.kind", "Nope");

    RuntimeException error = assertThrows(RuntimeException.class, () -> load(props));

    assertTrue(messages(error).contains(WEB + "routing.kind"), messages(error));
    assertTrue(messages(error).contains("TrafficSplit, HTTPRoute"), messages(error));
  }

  @Test
  void anUnknownPlacementKindNamesItsKey() {
    Map<String, String> props = valid();
    props.put(WEB + "placement.kind", "Deployment");

    RuntimeException error = assertThrows(RuntimeException.class, () -> load(props));

    assertTrue(messages(error).contains(WEB + "placement.kind"), messages(error));
  }

  @Test
  void aMisspelledRoutingSettingNamesItsKey() {
    Map<String, String> props = valid();
    props.put(WEB + "routing.desktop-backnd", "web-desktop");

    RuntimeException error = assertThrows(RuntimeException.class, () -> load(props));

    assertTrue(messages(error).contains(WEB + "routing.desktop-backnd"), messages(error));
  }

  @Test
  void onePlacementClusterForBothCopiesNamesTheKey() {
    Map<String, String> props = valid();
    props.put(WEB + "placement.gke-cluster", "desktop");

    assertProblem(props, WEB + "placement.gke-cluster=desktop: must differ from");
  }

  @Test
  void readsEveryPerTargetSetting() {
    Map<String, String> props = valid();
    props.put(WEB + "gke.expected-status", "200,204, 301-302");
    props.put(WEB + "gke.body-contains", "\"status\":\"UP\"");
    props.put(WEB + "gke.interval", "5s");
    props.put(WEB + "gke.timeout", "PT2S");

    ProbeTarget gke = load(props).services().get(0).target(Cluster.GKE);

    assertEquals("200,204,301-302", gke.expectedStatus().text());
    assertTrue(gke.expectedStatus().contains(204));
    assertTrue(gke.expectedStatus().contains(302));
    assertTrue(!gke.expectedStatus().contains(200 + 1));
    assertEquals(Optional.of("\"status\":\"UP\""), gke.bodyContains());
    assertEquals(Duration.ofSeconds(5), gke.interval());
    assertEquals(Duration.ofSeconds(2), gke.timeout());
  }

  @Test
  void listsTargetsByServiceThenCluster() {
    Map<String, String> props = valid();
    props.put("hybrid.services.\"blog/api\".desktop.url", "http://api-desktop.blog/healthz");
    props.put("hybrid.services.\"blog/api\".gke.url", "https://api.blog/healthz");

    List<String> keys = load(props).targets().stream().map(ProbeTarget::key).toList();

    assertEquals(
        List.of("blog/api@desktop", "blog/api@gke", "shop/web@desktop", "shop/web@gke"), keys);
  }

  @Test
  void noServicesIsAnEmptyCatalog() {
    assertEquals(List.of(), load(new HashMap<>()).services());
  }

  @Test
  void keysOfOtherServicesAndOtherPrefixesAreLeftAlone() {
    Map<String, String> props = valid();
    props.put("hybrid.service.instance-id", "decider-0");
    props.put("hybrid.prober.id", "prober-a");

    assertEquals(1, load(props).services().size());
  }

  @Test
  void aBadUrlNamesItsKey() {
    Map<String, String> props = valid();
    props.put(WEB + "desktop.url", "web-desktop:80/healthz");

    assertProblem(props, WEB + "desktop.url: must be an absolute http:// or https:// URL");
  }

  @Test
  void aUrlWithAnotherSchemeNamesItsKey() {
    Map<String, String> props = valid();
    props.put(WEB + "gke.url", "ftp://web.shop/healthz");

    assertProblem(props, WEB + "gke.url: must be an absolute http:// or https:// URL");
  }

  @Test
  void anUnparsableUrlNamesItsKey() {
    Map<String, String> props = valid();
    props.put(WEB + "gke.url", "http://web shop/healthz");

    assertProblem(props, WEB + "gke.url: must be an absolute http:// or https:// URL");
  }

  @Test
  void aTimeoutEqualToTheIntervalNamesItsKey() {
    Map<String, String> props = valid();
    props.put(WEB + "desktop.interval", "1s");
    props.put(WEB + "desktop.timeout", "1000ms");

    assertProblem(props, WEB + "desktop.timeout: must be less than the interval (PT1S)");
  }

  @Test
  void aTimeoutLongerThanTheIntervalNamesItsKey() {
    Map<String, String> props = valid();
    props.put(WEB + "gke.timeout", "2s");

    assertProblem(props, WEB + "gke.timeout: must be less than the interval (PT1S)");
  }

  @Test
  void aZeroIntervalNamesItsKey() {
    Map<String, String> props = valid();
    props.put(WEB + "gke.interval", "0s");

    assertProblem(props, WEB + "gke.interval: must be positive");
  }

  @Test
  void anUnknownClusterNameNamesItsKey() {
    Map<String, String> props = valid();
    props.put(WEB + "dsktop.url", "http://web-desktop.shop/healthz");

    assertProblem(props, WEB + "dsktop: unknown cluster \"dsktop\": must be one of [desktop, gke]");
  }

  @Test
  void aDuplicateServiceStopsTheMappingNamingTheKeyItCouldNotMap() {
    Map<String, String> props = valid();
    props.put("hybrid.services.shop/web.desktop.url", "http://other/healthz");

    RuntimeException error = assertThrows(RuntimeException.class, () -> load(props, true));
    assertTrue(
        messages(error).contains(WEB + "desktop.url"),
        () -> "message should name the key: " + messages(error));
  }

  @Test
  void aDuplicateServiceNamesBothSpellingsWhenUnknownKeysAreNotValidated() {
    Map<String, String> props = valid();
    props.put("hybrid.services.shop/web.desktop.url", "http://other/healthz");

    ConfigValidationException error =
        assertThrows(ConfigValidationException.class, () -> load(props, false));
    assertTrue(
        messages(error)
            .contains(
                "hybrid.services.\"shop/web\": duplicate service: configured under"
                    + " hybrid.services.\"shop/web\" and hybrid.services.shop/web"),
        () -> messages(error));
  }

  @Test
  void aMisspelledSettingNamesItsKey() {
    Map<String, String> props = valid();
    props.put(WEB + "desktop.timout", "500ms");

    RuntimeException error = assertThrows(RuntimeException.class, () -> load(props));
    assertTrue(
        messages(error).contains(WEB + "desktop.timout"),
        () -> "message should name the key: " + messages(error));
  }

  @Test
  void aMissingClusterNamesTheRequiredKey() {
    Map<String, String> props = valid();
    props.remove(WEB + "gke.url");

    assertProblem(props, WEB + "gke.url: is required");
  }

  @Test
  void aBadServiceIdNamesItsKey() {
    Map<String, String> props = new HashMap<>();
    props.put("hybrid.services.\"Shop_Web\".desktop.url", "http://a/healthz");
    props.put("hybrid.services.\"Shop_Web\".gke.url", "http://b/healthz");

    assertProblem(
        props, "hybrid.services.\"Shop_Web\": must be a service id \"<namespace>/<name>\"");
  }

  @Test
  void badExpectedStatusNamesItsKey() {
    Map<String, String> props = valid();
    props.put(WEB + "desktop.expected-status", "2xx");

    assertProblem(props, WEB + "desktop.expected-status: must be status codes or ranges");
  }

  @Test
  void anEmptyStatusRangeNamesItsKey() {
    Map<String, String> props = valid();
    props.put(WEB + "desktop.expected-status", "399-200");

    assertProblem(props, WEB + "desktop.expected-status: range 399-200 is empty");
  }

  @Test
  void anUnreadableDurationNamesItsKey() {
    Map<String, String> props = valid();
    props.put(WEB + "desktop.timeout", "fast");

    RuntimeException error = assertThrows(RuntimeException.class, () -> load(props));
    assertTrue(
        messages(error).contains(WEB + "desktop.timeout"),
        () -> "message should name the key: " + messages(error));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Map<String, String> props = valid();
    props.put(WEB + "desktop.url", "nope");
    props.put(WEB + "gke.timeout", "5s");

    ConfigValidationException error =
        assertThrows(ConfigValidationException.class, () -> load(props));
    assertEquals(2, error.getProblemCount());
  }

  private static Map<String, String> valid() {
    Map<String, String> props = new HashMap<>();
    props.put(WEB + "desktop.url", "http://web-desktop.shop.svc.cluster.local/healthz");
    props.put(WEB + "gke.url", "http://web.shop.svc.cluster.local/healthz");
    return props;
  }

  private static ServiceCatalog load(Map<String, String> props) {
    return load(props, true);
  }

  private static ServiceCatalog load(Map<String, String> props, boolean validateUnknown) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(ServiceCatalogConfig.class)
            .withValidateUnknown(validateUnknown)
            .withSources(new PropertiesConfigSource(props, "test", 100))
            .build();
    return ServiceCatalog.load(config);
  }

  private static void assertProblem(Map<String, String> props, String expectedStart) {
    ConfigValidationException error =
        assertThrows(ConfigValidationException.class, () -> load(props));
    assertTrue(messages(error).contains(expectedStart), error::getMessage);
    String all = messages(error);
    assertTrue(
        all.lines().anyMatch(line -> line.startsWith(expectedStart)),
        () -> "expected a problem starting with\n  " + expectedStart + "\nbut got\n" + all);
  }

  private static String messages(RuntimeException error) {
    if (error instanceof ConfigValidationException validation) {
      StringBuilder all = new StringBuilder();
      for (int i = 0; i < validation.getProblemCount(); i++) {
        all.append(validation.getProblem(i).getMessage()).append('\n');
      }
      return all.toString();
    }
    StringBuilder all = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }
}
