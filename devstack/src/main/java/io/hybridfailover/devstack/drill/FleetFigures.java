package io.hybridfailover.devstack.drill;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a fleet's failover took, service by service, computed from each service's failover time
 * alone (pure: no clock, no I/O): when every service on the desktop fails at once, how long until
 * each one had failed over, and whether one stuck service held up the others.
 *
 * @param services how many services the fleet has
 * @param failedOver how many of them failed over
 * @param serviceFailoverMs p50, p95 and max over the services that failed over; null if none did
 * @param lastServiceFailoverMs the time of the last service to fail over (the max); null if none
 *     did
 * @param othersMaxFailoverMs the max over the services that failed over, the stuck one left out;
 *     null without a stuck service, or if no other failed over
 */
public record FleetFigures(
    int services,
    int failedOver,
    Spread serviceFailoverMs,
    Long lastServiceFailoverMs,
    Long othersMaxFailoverMs) {

  /** Nearest-rank percentiles of the services' failover times. */
  public record Spread(long p50, long p95, long max) {}

  /**
   * @param failoverMs for each service of the fleet, from the fault to its failover (both actuators
   *     applied its command); empty for a service that did not fail over
   * @param stuck the service whose writes the API held up, if the drill has one
   */
  public static FleetFigures of(Map<String, Optional<Long>> failoverMs, Optional<String> stuck) {
    List<Long> all = new ArrayList<>();
    List<Long> others = new ArrayList<>();
    failoverMs.forEach(
        (service, ms) ->
            ms.ifPresent(
                m -> {
                  all.add(m);
                  if (stuck.isPresent() && !stuck.get().equals(service)) {
                    others.add(m);
                  }
                }));
    all.sort(Comparator.naturalOrder());
    others.sort(Comparator.naturalOrder());
    Spread spread =
        all.isEmpty()
            ? null
            : new Spread(percentile(all, 50), percentile(all, 95), all.get(all.size() - 1));
    return new FleetFigures(
        failoverMs.size(),
        all.size(),
        spread,
        spread == null ? null : spread.max(),
        stuck.isEmpty() || others.isEmpty() ? null : others.get(others.size() - 1));
  }

  /** Nearest rank: the smallest value with at least {@code p}% of the values at or below it. */
  static long percentile(List<Long> sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }
}
