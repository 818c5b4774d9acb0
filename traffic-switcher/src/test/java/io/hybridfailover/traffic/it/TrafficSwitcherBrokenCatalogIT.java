package io.hybridfailover.traffic.it;

import io.hybridfailover.actuation.it.BrokenCatalogScenario;

/** The packaged switcher with {@code routing.kind=Nope} does not start. */
class TrafficSwitcherBrokenCatalogIT extends BrokenCatalogScenario {

  TrafficSwitcherBrokenCatalogIT() {
    super("traffic-switcher", "routing.kind=Nope");
  }
}
