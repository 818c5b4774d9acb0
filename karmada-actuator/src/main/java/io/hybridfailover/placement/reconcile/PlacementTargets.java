package io.hybridfailover.placement.reconcile;

import io.hybridfailover.placement.policy.PlacementTarget;
import java.util.List;
import java.util.Optional;

/** Which Karmada policy places which managed service: read from the shared service list. */
public interface PlacementTargets {

  Optional<PlacementTarget> forService(String service);

  List<PlacementTarget> all();
}
