package io.hybridfailover.traffic.reconcile;

import io.hybridfailover.traffic.routing.RoutingTarget;
import java.util.List;
import java.util.Optional;

/** Which object routes which managed service: read from the shared service list. */
public interface RoutingTargets {

  Optional<RoutingTarget> forService(String service);

  List<RoutingTarget> all();
}
