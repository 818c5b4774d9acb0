package io.hybridfailover.cli.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridfailover.decider.core.OverrideRules;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.events.Transition;
import io.hybridfailover.events.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One practice run as it goes, from the events the decider and the actuators publish after the
 * practice FORCE_GKE was sent: the move to GKE, the hold, its end (expired, aborted because GKE was
 * not UP, replaced by an operator's override, or refused), the release to the rules and the way
 * home, each step with its time. Plain Java, fed by the caller; the report is its record.
 */
public final class PracticeRun {

  /** How a practice run ended. */
  public enum End {
    /** Still running. */
    NONE,
    /** Ran for its --for and ended by itself: released to the damped failback. */
    EXPIRED,
    /** GKE stopped being UP: ended at once. */
    ABORTED,
    /** An operator's override replaced it. */
    REPLACED,
    /** The decider refused it (no command). */
    REFUSED
  }

  /** One step: what happened, when (the event's own time), and the detail. */
  public record Step(String name, Instant at, String detail) {}

  private final Event<OperatorOverride> override;
  private final String service;
  private final Consumer<Step> progress;
  private final List<Step> steps = new ArrayList<>();
  private End end = End.NONE;
  private String endDetail;
  private Long forcedEpoch;
  private Long releasedEpoch;
  private Long homeEpoch;
  private Instant gkeNotUpAt;
  private final List<Command> pending = new ArrayList<>();
  private final Set<String> applied = new HashSet<>();

  public PracticeRun(Event<OperatorOverride> override, Consumer<Step> progress) {
    this.override = override;
    this.service = override.data().service();
    this.progress = progress;
    step(
        "requested",
        override.data().requestedAt(),
        "FORCE_GKE by "
            + override.data().requestedBy()
            + " until "
            + override.data().expiresAt()
            + ": "
            + override.data().reason());
  }

  public void onTransition(Transition t) {
    if (!t.service().equals(service)) {
      return;
    }
    String reason = t.reason();
    if (end == End.NONE && reason.startsWith(OverrideRules.PRACTICE_REFUSED)) {
      end(End.REFUSED, "refused", t.at(), reason);
    } else if (end == End.NONE && reason.startsWith(OverrideRules.PRACTICE_ABORTED)) {
      end(End.ABORTED, "aborted", t.at(), reason);
    } else if (end == End.NONE
        && forcedEpoch != null
        && reason.startsWith(OverrideRules.OVERRIDE_EXPIRED)
        && reason.contains("practice run")) {
      end(End.EXPIRED, "hold ended", t.at(), reason);
    } else if (t.cluster() == Cluster.GKE && t.to() != t.from()) {
      if (t.to() != Verdict.UP && end == End.NONE && gkeNotUpAt == null) {
        gkeNotUpAt = t.at();
      }
      step("gke " + t.to().wireName(), t.at(), reason);
    } else if (t.cluster() == Cluster.DESKTOP && t.to() != t.from()) {
      step("desktop " + t.to().wireName(), t.at(), reason);
    }
  }

  public void onCommand(Command c) {
    if (!c.service().equals(service)) {
      return;
    }
    if (forcedEpoch == null && c.causedBy().contains(override.id())) {
      forcedEpoch = c.epoch();
      step("moved to gke", c.issuedAt(), describe(c));
      return;
    }
    if (end == End.NONE && forcedEpoch != null) {
      // The topics are read side by side: the release's command may come before the transition
      // that says the hold ended; it is counted once that transition is read.
      pending.add(c);
      return;
    }
    if (end == End.NONE || end == End.REFUSED || end == End.REPLACED) {
      return;
    }
    released(c);
  }

  private void released(Command c) {
    if (releasedEpoch == null) {
      releasedEpoch = c.epoch();
      step("released to the rules", c.issuedAt(), describe(c));
    } else {
      step("failback", c.issuedAt(), describe(c));
    }
    if (homeEpoch == null && c.mode() == Mode.PRIMARY && c.placement() == Placement.PRIMARY) {
      homeEpoch = c.epoch();
      step("home", c.issuedAt(), describe(c));
    }
  }

  /**
   * An actuator's result. Each actuator runs several replicas, and each replica answers every
   * command (one APPLIED, the others UNCHANGED): a step is told once per actuator and epoch.
   */
  public void onResult(ActuationResult r) {
    if (!r.service().equals(service)
        || (r.outcome() != ActuationOutcome.APPLIED && r.outcome() != ActuationOutcome.UNCHANGED)) {
      return;
    }
    boolean moveOrHome =
        (forcedEpoch != null && r.epoch() == forcedEpoch)
            || (homeEpoch != null && r.epoch() == homeEpoch);
    if (moveOrHome && !applied.add(r.actuator() + "#" + r.epoch())) {
      return;
    }
    if (forcedEpoch != null && r.epoch() == forcedEpoch) {
      step(r.actuator() + " applied the move", r.completedAt(), r.detail());
    } else if (homeEpoch != null && r.epoch() == homeEpoch) {
      step(r.actuator() + " applied home", r.completedAt(), r.detail());
    }
  }

  /** An override published after the practice run's: an operator's replaces it. */
  public void onOverride(Event<OperatorOverride> other) {
    String target = other.data().service();
    if (other.id().equals(override.id())
        || end != End.NONE
        || !(target.equals(service) || target.equals(RecordKeys.ALL_SERVICES))) {
      return;
    }
    end(
        End.REPLACED,
        "replaced",
        other.data().requestedAt(),
        other.data().action().name()
            + " by "
            + other.data().requestedBy()
            + ": "
            + other.data().reason());
  }

  /** When GKE's verdict left UP during the run (the decider then ends it); {@code null} if not. */
  public Instant gkeNotUpAt() {
    return gkeNotUpAt;
  }

  public boolean moved() {
    return forcedEpoch != null;
  }

  public End end() {
    return end;
  }

  /** Refused or replaced (nothing more to follow), or ended and home. */
  public boolean finished() {
    return end == End.REFUSED || end == End.REPLACED || (end != End.NONE && homeEpoch != null);
  }

  public boolean home() {
    return homeEpoch != null;
  }

  public List<Step> steps() {
    return List.copyOf(steps);
  }

  /** The CLI ended the run itself (a RELEASE), because the decider had not. */
  public void abortedByTool(Instant at, String detail) {
    end(End.ABORTED, "aborted by the tool", at, detail);
  }

  private void end(End how, String name, Instant at, String detail) {
    end = how;
    endDetail = detail;
    step(name, at, detail);
    if (how == End.EXPIRED || how == End.ABORTED) {
      pending.forEach(this::released);
    }
    pending.clear();
  }

  private void step(String name, Instant at, String detail) {
    Step step = new Step(name, at, detail == null ? "" : detail);
    steps.add(step);
    progress.accept(step);
  }

  /** Milliseconds from the request to {@code at}. */
  public long sinceStart(Instant at) {
    return Duration.between(override.data().requestedAt(), at).toMillis();
  }

  /** The first step of that name; {@code null} if none. */
  Instant first(String name) {
    return steps.stream().filter(s -> s.name().equals(name)).map(Step::at).findFirst().orElse(null);
  }

  private static String describe(Command c) {
    return "epoch "
        + c.epoch()
        + " "
        + c.mode().wireName()
        + " desktop="
        + c.routing().desktop()
        + " gke="
        + c.routing().gke()
        + " placement "
        + c.placement().wireName()
        + ": "
        + c.reason();
  }

  /** The outcome in words. */
  public String outcome() {
    return switch (end) {
      case NONE -> "still running (the tool stopped following it)";
      case EXPIRED ->
          home() ? "completed: held, released, home" : "held and released; not home yet";
      case ABORTED -> "aborted: " + endDetail;
      case REPLACED -> "replaced by an operator's override: " + endDetail;
      case REFUSED -> "refused: " + endDetail;
    };
  }

  /** The figures: the durations between the steps, in milliseconds ({@code null}: not reached). */
  public ObjectNode figures() {
    ObjectNode figures = new ObjectMapper().createObjectNode();
    Instant requested = override.data().requestedAt();
    Instant moved = first("moved to gke");
    Instant switched = first("traffic-switcher applied the move");
    Instant ended =
        steps.stream()
            .filter(
                s ->
                    List.of("hold ended", "aborted", "aborted by the tool", "replaced")
                        .contains(s.name()))
            .map(Step::at)
            .findFirst()
            .orElse(null);
    Instant released = first("released to the rules");
    Instant home = first("home");
    put(figures, "requestToMoveMs", requested, moved);
    put(figures, "moveToRoutingAppliedMs", moved, switched);
    put(figures, "heldMs", moved, ended);
    put(figures, "endToReleaseMs", ended, released);
    put(figures, "endToHomeMs", ended, home);
    put(figures, "totalMs", requested, home);
    return figures;
  }

  private static void put(ObjectNode node, String name, Instant from, Instant to) {
    if (from == null || to == null) {
      node.putNull(name);
    } else {
      node.put(name, Duration.between(from, to).toMillis());
    }
  }

  /** The post-mortem report as JSON. */
  public String json() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    OperatorOverride data = override.data();
    root.put("service", service);
    root.put("override", override.id());
    root.put("requestedBy", data.requestedBy());
    root.put("reason", data.reason());
    root.put("requestedAt", data.requestedAt().toString());
    root.put("expiresAt", data.expiresAt().toString());
    root.put("end", end.name());
    root.put("outcome", outcome());
    root.set("figures", figures());
    ArrayNode array = root.putArray("steps");
    for (Step step : steps) {
      array
          .addObject()
          .put("step", step.name())
          .put("at", step.at().toString())
          .put("sinceStartMs", sinceStart(step.at()))
          .put("detail", step.detail());
    }
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The post-mortem report as Markdown. */
  public String markdown() {
    OperatorOverride data = override.data();
    StringBuilder md = new StringBuilder();
    md.append("# Practice run: ").append(service).append("\n\n");
    md.append("- requested by ")
        .append(data.requestedBy())
        .append(" at ")
        .append(data.requestedAt())
        .append(", to end by ")
        .append(data.expiresAt())
        .append(" (override ")
        .append(override.id())
        .append(")\n");
    md.append("- reason: ").append(data.reason()).append('\n');
    md.append("- outcome: ").append(outcome()).append("\n\n");
    md.append("| figure | ms |\n|---|---|\n");
    figures()
        .fields()
        .forEachRemaining(
            f ->
                md.append("| ")
                    .append(f.getKey())
                    .append(" | ")
                    .append(f.getValue().isNull() ? "-" : f.getValue().asText())
                    .append(" |\n"));
    md.append("\n| step | time (UTC) | since the request | detail |\n|---|---|---|---|\n");
    for (Step step : steps) {
      md.append("| ")
          .append(step.name())
          .append(" | ")
          .append(step.at())
          .append(" | ")
          .append(String.format(Locale.ROOT, "%.1f s", sinceStart(step.at()) / 1000.0))
          .append(" | ")
          .append(step.detail().replace("|", "\\|"))
          .append(" |\n");
    }
    return md.toString();
  }
}
