package io.hybridfailover.devstack.drill;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.hybridfailover.devstack.drill.Moment.FleetResult;
import io.hybridfailover.devstack.drill.Moment.FleetRouting;
import io.hybridfailover.devstack.drill.Moment.ResultPublished;
import io.hybridfailover.devstack.drill.Moment.RoutingChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A drill's figures service by service, computed from its timeline alone (pure: no clock, no I/O):
 * every service's failover time ({@link FleetFigures}), what became of the stuck service, and the
 * synthetic user's errors per service. A world of one service has a fleet of one: {@code shop/web}.
 *
 * @param fleet each service's failover: from the desktop's first fault to its route at 100 % on GKE
 *     (as {@link Figures#failoverMs()} for {@code shop/web}); unwrapped into the same JSON
 * @param stuckService the service whose writes the API held up; null if the drill has none
 * @param stuckFailedOver whether the stuck service's route reached GKE during the drill
 * @param stuckResults every result the actuators published for it during the drill, with the API's
 *     answer in the detail; null if the drill has no stuck service
 * @param userErrorsByService the synthetic user's errors per service (services without any left
 *     out)
 */
public record FleetReport(
    @JsonUnwrapped FleetFigures fleet,
    String stuckService,
    boolean stuckFailedOver,
    List<StuckResult> stuckResults,
    Map<String, Long> userErrorsByService) {

  /** One result of the stuck service, {@code atMs} from the desktop's first fault. */
  public record StuckResult(
      long atMs, String actuator, long epoch, String outcome, String detail) {}

  public FleetReport {
    userErrorsByService = Map.copyOf(userErrorsByService);
  }

  /**
   * @param during the drill's moments (from its first step on)
   * @param outage the desktop's first fault
   * @param services every service of the world, {@code shop/web} first
   * @param stuck the stuck service, if the drill holds one up
   */
  public static FleetReport of(
      List<Moment> during,
      Instant outage,
      List<String> services,
      Optional<String> stuck,
      Map<String, Long> userErrorsByService) {
    Map<String, Optional<Long>> failoverMs = new LinkedHashMap<>();
    services.forEach(s -> failoverMs.put(s, Optional.empty()));
    for (Moment moment : during) {
      String service = null;
      if (moment instanceof RoutingChange r && r.gke() == 100) {
        service = FleetServices.PRIMARY;
      } else if (moment instanceof FleetRouting r && r.gke() == 100) {
        service = r.service();
      }
      if (service != null
          && failoverMs.containsKey(service)
          && failoverMs.get(service).isEmpty()
          && !moment.at().isBefore(outage)) {
        failoverMs.put(service, Optional.of(Figures.millis(outage, moment.at())));
      }
    }
    List<StuckResult> results = null;
    if (stuck.isPresent()) {
      results = new ArrayList<>();
      for (Moment moment : during) {
        if (moment instanceof FleetResult r && r.service().equals(stuck.get())) {
          results.add(
              new StuckResult(
                  Figures.millis(outage, r.at()),
                  r.actuator(),
                  r.epoch(),
                  r.outcome().name(),
                  r.detail()));
        } else if (moment instanceof ResultPublished r
            && stuck.get().equals(FleetServices.PRIMARY)) {
          results.add(
              new StuckResult(
                  Figures.millis(outage, r.at()),
                  r.actuator(),
                  r.epoch(),
                  r.outcome().name(),
                  r.detail()));
        }
      }
    }
    return new FleetReport(
        FleetFigures.of(failoverMs, stuck),
        stuck.orElse(null),
        stuck.isPresent() && failoverMs.getOrDefault(stuck.get(), Optional.empty()).isPresent(),
        results,
        userErrorsByService);
  }

  /**
   * The services whose route did not fail over and come back exactly once (left the desktop once,
   * reached 100 % desktop again once), each with what it did; {@code shop/web}'s route is {@code
   * RoutingChange}, the others' {@code FleetRouting}.
   */
  public static Map<String, String> notOverAndBackOnce(List<Moment> during, List<String> services) {
    Map<String, int[]> moves = new LinkedHashMap<>();
    Map<String, Boolean> onDesktop = new LinkedHashMap<>();
    services.forEach(
        s -> {
          moves.put(s, new int[2]);
          onDesktop.put(s, true);
        });
    for (Moment moment : during) {
      String service;
      boolean allDesktop;
      if (moment instanceof RoutingChange r) {
        service = FleetServices.PRIMARY;
        allDesktop = r.allDesktop();
      } else if (moment instanceof FleetRouting r) {
        service = r.service();
        allDesktop = r.allDesktop();
      } else {
        continue;
      }
      if (!moves.containsKey(service)) {
        continue;
      }
      if (onDesktop.get(service) && !allDesktop) {
        moves.get(service)[0]++;
      } else if (!onDesktop.get(service) && allDesktop) {
        moves.get(service)[1]++;
      }
      onDesktop.put(service, allDesktop);
    }
    Map<String, String> wrong = new LinkedHashMap<>();
    moves.forEach(
        (service, m) -> {
          if (m[0] != 1 || m[1] != 1) {
            wrong.put(service, m[0] + " failover(s), " + m[1] + " failback(s)");
          }
        });
    return wrong;
  }
}
