package io.hybridfailover.devstack.drill;

import io.hybridfailover.devstack.drill.Action.Practice;
import io.hybridfailover.devstack.drill.Moment.CommandIssued;
import io.hybridfailover.devstack.drill.Moment.DrillStep;
import io.hybridfailover.devstack.drill.Moment.RoutingChange;
import io.hybridfailover.events.Mode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The figures of a practice run, from the drill's timeline alone: how fast it moved, how long it
 * held, how the rules brought the service home after it ended by itself.
 *
 * @param lastsMs the run's --for
 * @param commandMs the practice's start to the decider's FAILED_OVER command
 * @param toGkeMs the start to routing 100 % on GKE (as the synthetic user's route shows it)
 * @param heldMs routing 100 % on GKE until the first routing change back
 * @param expiryToFirstStepMs the run's expiry (start + lasts) to the first failback step command
 * @param firstStepToHomeMs that step to routing 100 % on the desktop
 * @param failbackWeights the desktop's weights routing went through after the run
 */
public record PracticeFigures(
    long lastsMs,
    Long commandMs,
    Long toGkeMs,
    Long heldMs,
    Long expiryToFirstStepMs,
    Long firstStepToHomeMs,
    List<Integer> failbackWeights) {

  /** The figures, if the drill ran a practice. */
  public static Optional<PracticeFigures> of(List<Moment> timeline) {
    Optional<DrillStep> step =
        Figures.ofType(timeline, DrillStep.class).stream()
            .filter(s -> s.action() instanceof Practice)
            .findFirst();
    if (step.isEmpty()) {
      return Optional.empty();
    }
    Instant start = step.get().at();
    Duration lasts = ((Practice) step.get().action()).lasts();
    Instant expiry = start.plus(lasts);
    Optional<Instant> command =
        Figures.ofType(timeline, CommandIssued.class).stream()
            .filter(c -> !c.at().isBefore(start) && c.mode() == Mode.FAILED_OVER)
            .map(Moment::at)
            .findFirst();
    List<RoutingChange> routing =
        Figures.ofType(timeline, RoutingChange.class).stream()
            .filter(r -> !r.at().isBefore(start))
            .toList();
    Optional<Instant> onGke =
        routing.stream().filter(r -> r.gke() == 100).map(Moment::at).findFirst();
    Optional<Instant> leftGke =
        onGke.flatMap(
            g ->
                routing.stream()
                    .filter(r -> r.at().isAfter(g) && r.desktop() > 0)
                    .map(Moment::at)
                    .findFirst());
    Optional<Instant> firstStep =
        Figures.ofType(timeline, CommandIssued.class).stream()
            .filter(c -> c.at().isAfter(start) && c.mode() == Mode.FAILING_BACK)
            .map(Moment::at)
            .findFirst();
    Optional<Instant> home =
        leftGke.flatMap(
            l ->
                routing.stream()
                    .filter(r -> !r.at().isBefore(l) && r.allDesktop())
                    .map(Moment::at)
                    .findFirst());
    return Optional.of(
        new PracticeFigures(
            lasts.toMillis(),
            command.map(c -> Figures.millis(start, c)).orElse(null),
            onGke.map(g -> Figures.millis(start, g)).orElse(null),
            onGke.flatMap(g -> leftGke.map(l -> Figures.millis(g, l))).orElse(null),
            firstStep.map(f -> Figures.millis(expiry, f)).orElse(null),
            firstStep.flatMap(f -> home.map(h -> Figures.millis(f, h))).orElse(null),
            leftGke
                .map(
                    l ->
                        routing.stream()
                            .filter(r -> !r.at().isBefore(l))
                            .map(RoutingChange::desktop)
                            .toList())
                .orElse(List.of())));
  }

  /** What breaks the practice expectation; empty if nothing. */
  Optional<String> violation(DrillSettings settings) {
    if (toGkeMs == null || toGkeMs > 3_000) {
      return Optional.of("routing reached GKE 100 after " + toGkeMs + " ms (want <= 3000)");
    }
    if (heldMs == null || heldMs < lastsMs - 3_000 || heldMs > lastsMs + 3_000) {
      return Optional.of("held " + heldMs + " ms for a run of " + lastsMs + " ms (want +-3 s)");
    }
    if (expiryToFirstStepMs == null || expiryToFirstStepMs < 0) {
      return Optional.of(
          "the first failback step came " + expiryToFirstStepMs + " ms after the expiry");
    }
    return failbackWeights.equals(settings.failbackSteps())
        ? Optional.empty()
        : Optional.of(
            "failback went through " + failbackWeights + ", not " + settings.failbackSteps());
  }

  /** For the drill's output. */
  public List<String> lines() {
    return List.of(
        "practice run of " + lastsMs + " ms",
        "  start to the FAILED_OVER command        " + ms(commandMs),
        "  start to routing 100 % on GKE           " + ms(toGkeMs),
        "  held on GKE                             " + ms(heldMs),
        "  expiry to the first failback step       " + ms(expiryToFirstStepMs),
        "  first failback step to routing home     " + ms(firstStepToHomeMs),
        "  failback steps (desktop weight)         " + failbackWeights);
  }

  private static String ms(Long millis) {
    return millis == null ? "-" : millis + " ms";
  }
}
