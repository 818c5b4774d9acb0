package io.hybridfailover.devstack.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the traffic-switchers are told: their instance ids, and which API server they reach. */
class ServiceConfigsTest {

  private static final String INSTANCE_ID = "hybrid.actuation.instance-id";

  @TempDir Path work;

  private ServiceConfigs configs(String proxyUrl) {
    return new ServiceConfigs(
        work, null, null, null, null, "http://127.0.0.1:1001", proxyUrl, null);
  }

  @Test
  void theOneSwitcherKeepsTheApplicationsInstanceId_severalAreEachNamed() {
    ServiceConfigs configs = configs(null);

    assertFalse(configs.switcher().containsKey(INSTANCE_ID));
    assertEquals("traffic-switcher-2", configs.switcher("traffic-switcher-2").get(INSTANCE_ID));
    assertEquals(
        configs.switcher().get("hybrid.actuation.drift-interval"),
        configs.switcher("traffic-switcher-2").get("hybrid.actuation.drift-interval"));
  }

  @Test
  void withTheFaultProxy_theActuatorsGoThroughIt_unlessToldToReachTheApiDirectly()
      throws Exception {
    ServiceConfigs configs = configs("http://127.0.0.1:2002");

    String switcher = configs.environment(OurServices.SWITCHER, Map.of()).get("KUBECONFIG");
    String actuator = configs.environment(OurServices.ACTUATOR, Map.of()).get("KUBECONFIG");
    String second =
        configs.environment(OurServices.SWITCHER, configs.directToApi()).get("KUBECONFIG");
    String prober = configs.environment(OurServices.PROBER, Map.of()).get("KUBECONFIG");

    assertTrue(Files.readString(Path.of(switcher)).contains("server: http://127.0.0.1:2002"));
    assertEquals(switcher, actuator);
    assertTrue(Files.readString(Path.of(second)).contains("server: http://127.0.0.1:1001"));
    assertEquals(second, prober);
  }

  @Test
  void withoutTheProxy_everyServiceReachesTheApiDirectly() throws Exception {
    ServiceConfigs configs = configs(null);

    String switcher = configs.environment(OurServices.SWITCHER, Map.of()).get("KUBECONFIG");

    assertTrue(Files.readString(Path.of(switcher)).contains("server: http://127.0.0.1:1001"));
    assertEquals(switcher, configs.directToApi().get("KUBECONFIG"));
  }
}
