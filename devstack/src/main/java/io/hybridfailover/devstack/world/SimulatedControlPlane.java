package io.hybridfailover.devstack.world;

import io.hybridfailover.devstack.drill.DrillSettings;
import io.hybridfailover.devstack.drill.Moment;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/**
 * What Karmada and Linkerd do in the local world: the mesh applying a GAMMA route (for an
 * HTTPRoute), the desktop Cluster's condition on Karmada's timings, and Karmada's scheduler placing
 * the workload (starting a cold GKE copy).
 *
 * @param desktopWeight the desktop weight of {@code shop/web} that users follow
 * @param fleetDesktopWeight the same, of each other service of a fleet
 */
record SimulatedControlPlane(IntSupplier desktopWeight, ToIntFunction<String> fleetDesktopWeight) {

  static SimulatedControlPlane start(
      KubeApiDouble api,
      Route route,
      AppCopies apps,
      Recorder recorder,
      boolean coldStandby,
      DrillSettings settings,
      Teardown teardown,
      Consumer<String> progress)
      throws Exception {
    Consumer<Moment> record = recorder::add;
    // The synthetic user routes by what the mesh applies: for an HTTPRoute, the simulated Linkerd.
    IntSupplier routedBy = recorder::desktopWeight;
    ToIntFunction<String> fleetRoutedBy = recorder::desktopWeight;
    if (route == Route.HTTPROUTE) {
      SimulatedMesh mesh = teardown.keep(new SimulatedMesh(api.client()));
      routedBy = mesh::desktopWeight;
      fleetRoutedBy = mesh::desktopWeight;
      progress.accept(
          "started the simulated mesh (accepts a GAMMA route as Linkerd's policy controller does;"
              + " users follow it after the assumed propagation delay)");
    }
    teardown.keep(new ClusterConditions(api.client(), apps.desktop(), record));
    progress.accept(
        "the desktop's Karmada Cluster condition follows Karmada's timings (checked every 10 s,"
            + " NotReady after 30 s of failures, Ready after 30 s of successes)");
    teardown.keep(
        new SimulatedScheduler(
            api.client(), apps.gke(), coldStandby, settings.gkeStartDelay(), record));
    progress.accept(
        "started the simulated Karmada scheduler (GKE copy start delay "
            + (coldStandby ? settings.gkeStartDelay().toMillis() + " ms" : "none: warm standby")
            + ")");
    return new SimulatedControlPlane(routedBy, fleetRoutedBy);
  }
}
