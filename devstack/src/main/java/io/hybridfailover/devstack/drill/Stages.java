package io.hybridfailover.devstack.drill;

import io.hybridfailover.devstack.drill.Action.SetDesktop;
import io.hybridfailover.devstack.drill.Moment.CommandIssued;
import io.hybridfailover.devstack.drill.Moment.DrillStep;
import io.hybridfailover.devstack.drill.Moment.ObjectWrite;
import io.hybridfailover.devstack.drill.Moment.ProbeObserved;
import io.hybridfailover.devstack.drill.Moment.ResultPublished;
import io.hybridfailover.devstack.drill.Moment.UserAnswered;
import io.hybridfailover.devstack.drill.Moment.VerdictChange;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where the time of a drill's failover went: the time of each stage, in milliseconds from the first
 * fault, from the probes to the synthetic user (pure: no clock, no I/O). Each stage is measured on
 * the clock of whoever saw it: a prober's probes on that prober's clock, the decision on the
 * decider's, receipt and completion on each actuator's, what the drill's reader saw on the drill's.
 * On one machine they are one clock (unless a drill skews one on purpose).
 *
 * <p>The keys of {@link #of}, in pipeline order (a stage missing from the timeline is left out):
 *
 * <ul>
 *   <li>{@code firstDown.<prober>}: the first probe of the desktop that failed (its start,
 *       observedAt), per prober
 *   <li>{@code fallDown.<prober>}: the end of the probe that made {@code fall} failures in a row
 *       (observedAt + latencyMs): the prober's vote is DOWN from then
 *   <li>{@code appended.<prober>}: that observation's record timestamp: the broker appended it (the
 *       contract topics take the broker's clock, LogAppendTime)
 *   <li>{@code onBroker.<prober>}: the drill's reader first read it from the broker
 *   <li>{@code verdict}: the decider's first DOWN verdict on the desktop (the transition's time)
 *   <li>{@code decision}: the failover command issued (its issuedAt): the first command that routes
 *       all traffic to GKE
 *   <li>{@code committed}: the drill's read_committed reader first read that command: its
 *       transaction had committed by then
 *   <li>{@code received.<actuator>}: the actuator took the command (its result's commandReceivedAt;
 *       with several replicas of a kind, the first replica's)
 *   <li>{@code written.<actuator>}: the actuator's result for it completed (APPLIED or UNCHANGED;
 *       the karmada-actuator's after it confirmed the placement on the ResourceBinding; with
 *       several replicas, the first replica's)
 *   <li>{@code inApi.<kind>}: a watch on the API server saw the first write of the route (HTTPRoute
 *       or TrafficSplit) and of the PropagationPolicy after the fault
 *   <li>{@code userOnGke}: the synthetic user's first good answer from the GKE copy
 * </ul>
 */
public final class Stages {

  private static final Map<String, String> LABELS = labels();

  private static final String PLACEMENT = "PropagationPolicy";

  private Stages() {}

  /**
   * The stages of the drill's first failover, in pipeline order; {@code null} if the drill did not
   * fail over (no command after the first fault routed all traffic to GKE).
   *
   * @param timeline the drill's moments
   * @param start the drill's start: its first fault is its first step that sets the desktop faulty,
   *     else its first step, else this
   * @param fall failed probes in a row that make a prober's vote DOWN
   */
  public static Map<String, Long> of(List<Moment> timeline, Instant start, int fall) {
    Instant fault = firstFault(timeline, start);
    List<Moment> after = timeline.stream().filter(m -> !m.at().isBefore(fault)).toList();
    Optional<CommandIssued> failover =
        Figures.first(after, CommandIssued.class, c -> c.routing().gke() == 100);
    if (failover.isEmpty()) {
      return null;
    }
    CommandIssued command = failover.get();
    Map<String, Long> stages = new LinkedHashMap<>();
    probes(timeline, fault, fall, stages);
    Figures.first(
            after,
            VerdictChange.class,
            v -> v.cluster() == Cluster.DESKTOP && v.to() == Verdict.DOWN)
        .ifPresent(v -> stages.put("verdict", Figures.millis(fault, v.at())));
    stages.put("decision", Figures.millis(fault, command.at()));
    if (command.committedSeenAt() != null) {
      stages.put("committed", Figures.millis(fault, command.committedSeenAt()));
    }
    // Per actuator kind, whichever of its replicas was first: each replica takes every command,
    // and the kind has the command once one replica took it, has applied it once one applied it.
    Map<String, Instant> received = byActuator();
    Map<String, Instant> written = byActuator();
    for (ResultPublished result : Figures.ofType(timeline, ResultPublished.class)) {
      if (result.epoch() != command.epoch()) {
        continue;
      }
      if (result.commandReceivedAt() != null) {
        received.merge(result.actuator(), result.commandReceivedAt(), Stages::earlier);
      }
      if (result.outcome() == ActuationOutcome.APPLIED
          || result.outcome() == ActuationOutcome.UNCHANGED) {
        written.merge(result.actuator(), result.at(), Stages::earlier);
      }
    }
    received.forEach(
        (actuator, at) -> {
          if (at != null) {
            stages.put("received." + actuator, Figures.millis(fault, at));
          }
        });
    written.forEach(
        (actuator, at) -> {
          if (at != null) {
            stages.put("written." + actuator, Figures.millis(fault, at));
          }
        });
    // The route first (the users' path), then the placement, whichever was written first.
    Map<String, Instant> inApi =
        new TreeMap<>(
            Comparator.comparing((String kind) -> kind.equals(PLACEMENT))
                .thenComparing(Comparator.naturalOrder()));
    for (ObjectWrite write : Figures.ofType(after, ObjectWrite.class)) {
      inApi.putIfAbsent(kindOf(write.object()), write.at());
    }
    inApi.forEach((kind, at) -> stages.put("inApi." + kind, Figures.millis(fault, at)));
    Figures.first(after, UserAnswered.class, u -> u.copy() == Cluster.GKE)
        .ifPresent(u -> stages.put("userOnGke", Figures.millis(fault, u.at())));
    return Collections.unmodifiableMap(stages);
  }

  /**
   * Per prober, in prober order: its first failed probe of the desktop read after the fault, and
   * the one that made {@code fall} in a row (the observations in the order they were read: a
   * prober's observations of a service keep their order on its partition, whatever its clock says).
   */
  private static void probes(
      List<Moment> timeline, Instant fault, int fall, Map<String, Long> out) {
    Map<String, List<ProbeObserved>> byProber = new TreeMap<>();
    for (ProbeObserved probe : Figures.ofType(timeline, ProbeObserved.class)) {
      if (probe.cluster() == Cluster.DESKTOP
          && probe.seenAt() != null
          && !probe.seenAt().isBefore(fault)) {
        byProber.computeIfAbsent(probe.prober(), p -> new ArrayList<>()).add(probe);
      }
    }
    Map<String, ProbeObserved> first = new LinkedHashMap<>();
    Map<String, ProbeObserved> tipping = new LinkedHashMap<>();
    byProber.forEach(
        (prober, probes) -> {
          List<ProbeObserved> read = new ArrayList<>(probes);
          read.sort(Comparator.comparing(ProbeObserved::seenAt));
          int inARow = 0;
          for (ProbeObserved probe : read) {
            if (probe.outcome() != Outcome.DOWN) {
              inARow = 0;
              continue;
            }
            first.putIfAbsent(prober, probe);
            if (++inARow == fall) {
              tipping.put(prober, probe);
              break;
            }
          }
        });
    first.forEach((p, probe) -> out.put("firstDown." + p, Figures.millis(fault, probe.at())));
    tipping.forEach((p, probe) -> out.put("fallDown." + p, Figures.millis(fault, probe.ended())));
    tipping.forEach(
        (p, probe) -> out.put("appended." + p, Figures.millis(fault, probe.appendedAt())));
    tipping.forEach((p, probe) -> out.put("onBroker." + p, Figures.millis(fault, probe.seenAt())));
  }

  /** The drill's first step that sets the desktop faulty, else its first step, else its start. */
  static Instant firstFault(List<Moment> timeline, Instant start) {
    List<DrillStep> steps =
        Figures.ofType(timeline, DrillStep.class).stream()
            .filter(s -> !s.at().isBefore(start))
            .toList();
    return steps.stream()
        .filter(s -> s.action() instanceof SetDesktop set && set.behaviour() != Behaviour.UP)
        .findFirst()
        .or(() -> steps.stream().findFirst())
        .map(DrillStep::at)
        .orElse(start);
  }

  /** The two actuators first, in {@link FaultFigures#ACTUATORS} order, then any other. */
  private static Map<String, Instant> byActuator() {
    Map<String, Instant> map = new LinkedHashMap<>();
    FaultFigures.ACTUATORS.forEach(actuator -> map.put(actuator, null));
    return map;
  }

  private static Instant earlier(Instant a, Instant b) {
    return b.isBefore(a) ? b : a;
  }

  /** {@code HTTPRoute shop/web} to {@code HTTPRoute}. */
  private static String kindOf(String object) {
    int space = object.indexOf(' ');
    return space < 0 ? object : object.substring(0, space);
  }

  /**
   * The stages as one compact timeline for the screen: one line per stage, each prober or actuator
   * on the same line; nothing for a drill without a failover.
   */
  public static List<String> lines(Map<String, Long> stages) {
    if (stages == null || stages.isEmpty()) {
      return List.of();
    }
    Map<String, List<String>> rows = new LinkedHashMap<>();
    stages.forEach(
        (key, ms) -> {
          int dot = key.indexOf('.');
          String stage = dot < 0 ? key : key.substring(0, dot);
          String who = dot < 0 ? "" : key.substring(dot + 1) + " ";
          rows.computeIfAbsent(stage, s -> new ArrayList<>()).add(who + ms);
        });
    List<String> lines = new ArrayList<>();
    lines.add("Where the time went (ms from the first fault; stagesMs in the JSON)");
    rows.forEach(
        (stage, values) ->
            lines.add(
                String.format(
                    Locale.ROOT,
                    "  %-40s %s",
                    LABELS.getOrDefault(stage, stage),
                    String.join(", ", values))));
    return lines;
  }

  private static Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("firstDown", "first failed probe (start, prober clock)");
    labels.put("fallDown", "fall-th failed probe in a row (end)");
    labels.put("appended", "appended by the broker (record timestamp)");
    labels.put("onBroker", "read from the broker by the drill");
    labels.put("verdict", "desktop DOWN verdict (decider clock)");
    labels.put("decision", "failover command issued (decider)");
    labels.put("committed", "command read committed by the drill");
    labels.put("received", "command taken by the actuator");
    labels.put("written", "actuator's result completed");
    labels.put("inApi", "write seen on the API server");
    labels.put("userOnGke", "first user request answered by GKE");
    return labels;
  }
}
