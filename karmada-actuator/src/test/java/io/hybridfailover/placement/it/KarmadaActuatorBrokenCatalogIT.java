package io.hybridfailover.placement.it;

import io.hybridfailover.actuation.it.BrokenCatalogScenario;

/** The packaged actuator with {@code placement.kind=Nope} does not start. */
class KarmadaActuatorBrokenCatalogIT extends BrokenCatalogScenario {

  KarmadaActuatorBrokenCatalogIT() {
    super("karmada-actuator", "placement.kind=Nope");
  }
}
