package io.hybridfailover.devstack.world;

import io.hybridfailover.devstack.drill.Behaviour;
import java.util.List;
import java.util.function.Consumer;

/**
 * The app's two copies, the desktop's and GKE's ({@code shop/web} and every service of a fleet),
 * each switchable at run time; in a cold standby the GKE copy refuses until Karmada places it.
 */
record AppCopies(SwitchableApp desktop, SwitchableApp gke) {

  static AppCopies start(boolean coldStandby, Teardown teardown, Consumer<String> progress)
      throws Exception {
    SwitchableApp desktop = teardown.keep(new SwitchableApp("desktop", Behaviour.UP));
    SwitchableApp gke =
        teardown.keep(new SwitchableApp("gke", coldStandby ? Behaviour.REFUSED : Behaviour.UP));
    progress.accept(
        "started the desktop copy of shop/web on port "
            + desktop.port()
            + " and the GKE copy on port "
            + gke.port()
            + (coldStandby ? " (cold standby: not running until Karmada places it)" : ""));
    return new AppCopies(desktop, gke);
  }

  List<Integer> ports() {
    return List.of(desktop.port(), gke.port());
  }
}
