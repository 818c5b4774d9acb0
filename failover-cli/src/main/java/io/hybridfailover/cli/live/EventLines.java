package io.hybridfailover.cli.live;

import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventData;
import io.hybridfailover.events.FailoverState;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Transition;
import java.util.stream.Collectors;

/** One readable line per event, as {@code hybrid watch} prints them. */
final class EventLines {

  private EventLines() {}

  /**
   * {@code <time> <service> <kind> <what>: <why>}, e.g. {@code 2026-11-26T00:12:03.120Z shop/web
   * command epoch 4 FAILED_OVER desktop=0 gke=100 placement GKE: desktop DOWN ...}.
   */
  static String line(Event<?> event) {
    EventData data = event.data();
    return event.time() + "  " + event.subject() + "  " + what(event, event.data());
  }

  /**
   * " on <instance>": each actuator runs several replicas, each answering every command, and the
   * event's source ({@code /<actuator>/<instance id>}) says which one this is.
   */
  static String replica(String source, String actuator) {
    String prefix = "/" + actuator + "/";
    return source != null && source.startsWith(prefix) && source.length() > prefix.length()
        ? " on " + source.substring(prefix.length())
        : "";
  }

  private static String what(Event<?> event, EventData data) {
    if (data instanceof Transition t) {
      return "transition  "
          + t.cluster().wireName()
          + " "
          + t.from().wireName()
          + " -> "
          + t.to().wireName()
          + ": "
          + t.reason()
          + " ["
          + t.votes().entrySet().stream()
              .map(vote -> vote.getKey() + "=" + vote.getValue().wireName())
              .collect(Collectors.joining(" "))
          + "]";
    }
    if (data instanceof Command c) {
      return "command     epoch "
          + c.epoch()
          + " "
          + c.mode().wireName()
          + " desktop="
          + c.routing().desktop()
          + " gke="
          + c.routing().gke()
          + " placement "
          + c.placement().wireName()
          + (c.dryRun() ? " (dry run)" : "")
          + ": "
          + c.reason();
    }
    if (data instanceof ActuationResult r) {
      return "result      epoch "
          + r.epoch()
          + " "
          + r.actuator()
          + " "
          + r.outcome().wireName()
          + (r.attempt() > 1 ? " (attempt " + r.attempt() + ")" : "")
          + replica(event.source(), r.actuator())
          + (r.detail() == null ? "" : ": " + r.detail());
    }
    if (data instanceof OperatorOverride o) {
      return "override    "
          + o.action().wireName()
          + (o.practice() ? " (practice run)" : "")
          + " by "
          + o.requestedBy()
          + (o.expiresAt() == null ? "" : o.action().holds() ? " until " + o.expiresAt() : "")
          + ": "
          + o.reason();
    }
    if (data instanceof FailoverState s) {
      return "state       " + Acknowledgement.describe(s);
    }
    if (data instanceof Observation o) {
      return "observation "
          + o.cluster().wireName()
          + " "
          + o.check().wireName()
          + " "
          + o.outcome().wireName()
          + " by "
          + o.prober()
          + " in "
          + o.latencyMs()
          + " ms";
    }
    return event.type().type();
  }
}
