package io.hybridfailover.cli.live;

import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.EventData;
import io.hybridfailover.events.FailoverState;
import io.hybridfailover.events.InvalidEventException;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.events.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the fleet's status: the compacted state topic and the overrides topic from their beginning
 * to their end offsets, and the observations of the last {@code observationWindow} (keys and
 * timestamps only, nothing decoded: with 1,000 services that is the bulk of the bytes). Records
 * that do not decode are counted and reported, never fatal.
 */
final class FleetStatus {

  /** How long reading a topic to its end may take. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final EventCodec codec = new EventCodec();
  private final PrintWriter err;
  private int skipped;

  FleetStatus(PrintWriter err) {
    this.err = err;
  }

  /** The latest state per service, by service id. */
  Map<String, FailoverState> states(TopicReader reader) {
    List<TopicPartition> partitions = reader.assign(List.of(Topics.STATE));
    Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
    reader.seekToBeginning(partitions);
    Map<String, FailoverState> states = new TreeMap<>();
    reader.readTo(
        ends,
        record -> {
          if (record.value() == null) {
            states.remove(record.key());
            return;
          }
          decode(record, FailoverState.class)
              .ifPresent(event -> states.put(event.data().service(), event.data()));
        },
        READ_TIMEOUT);
    return states;
  }

  /** Every override on the topic, oldest request first. */
  List<Event<OperatorOverride>> overrides(TopicReader reader) {
    List<TopicPartition> partitions = reader.assign(List.of(Topics.OVERRIDES));
    Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
    reader.seekToBeginning(partitions);
    List<Event<OperatorOverride>> overrides = new ArrayList<>();
    reader.readTo(
        ends,
        record -> decode(record, OperatorOverride.class).ifPresent(overrides::add),
        READ_TIMEOUT);
    overrides.sort(Comparator.comparing(event -> event.data().requestedAt()));
    return overrides;
  }

  /** When each {@code <service>@<cluster>} was last observed since {@code from}. */
  Map<String, Instant> observed(TopicReader reader, Instant from) {
    List<TopicPartition> partitions = reader.assign(List.of(Topics.OBSERVATIONS));
    Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
    reader.seekToTime(partitions, from);
    Map<String, Instant> newest = new HashMap<>();
    reader.readTo(
        ends,
        record -> {
          if (record.key() != null) {
            newest.merge(
                record.key(),
                Instant.ofEpochMilli(record.timestamp()),
                (a, b) -> a.isAfter(b) ? a : b);
          }
        },
        READ_TIMEOUT);
    return newest;
  }

  /** The status of every service (or of {@code only}), by service id. */
  List<ServiceStatus> read(
      Properties client, Optional<String> only, Duration observationWindow, Instant now) {
    try (TopicReader reader = new TopicReader(client)) {
      Map<String, FailoverState> states = states(reader);
      List<Event<OperatorOverride>> overrides = overrides(reader);
      Map<String, Instant> observed =
          observationWindow.isZero() ? Map.of() : observed(reader, now.minus(observationWindow));
      List<ServiceStatus> statuses = new ArrayList<>();
      for (FailoverState state : states.values()) {
        if (only.isPresent() && !only.get().equals(state.service())) {
          continue;
        }
        statuses.add(status(state, overrides, observed, now));
      }
      if (skipped > 0) {
        err.println("hybrid: skipped " + skipped + " record(s) that are not valid contract events");
      }
      return statuses;
    }
  }

  /**
   * One service's status from its state, the overrides and the observation times: the override in
   * effect at {@code now} as the decider keeps it (decider-core's {@code OverrideRules}): the
   * service's own, or the one for all services, each ending at its own expiry; a later one for all
   * replaces the service's own; a freeze keeps a force; unfreeze and release end both.
   */
  static ServiceStatus status(
      FailoverState state,
      List<Event<OperatorOverride>> overrides,
      Map<String, Instant> observed,
      Instant now) {
    Slot own = null;
    Slot all = null;
    for (Event<OperatorOverride> override : overrides) {
      String service = override.data().service();
      boolean forAll = RecordKeys.ALL_SERVICES.equals(service);
      if (!service.equals(state.service()) && !forAll) {
        continue;
      }
      Slot effective = effective(own, all);
      OverrideAction action = override.data().action();
      Cluster forcedTo =
          switch (action) {
            case FORCE_DESKTOP, FORCE_GKE -> ServiceStatus.forcedBy(action);
            case FREEZE -> effective == null ? null : effective.forcedTo();
            case UNFREEZE, RELEASE -> null;
          };
      if (override.data().practice() && (forAll || (effective != null && !effective.practice()))) {
        continue; // refused by the decider: a practice run never replaces an operator's hold
      }
      Slot slot = new Slot(override, forcedTo);
      if (forAll) {
        all = action.holds() ? slot : null;
        own = null;
      } else {
        own = action.holds() || all != null ? slot : null;
      }
    }
    if (own != null && own.holds() && own.expiredAt(now)) {
      own = own.practice() && all != null ? own.released() : null;
    }
    if (all != null && all.expiredAt(now)) {
      all = null;
      own = own != null && !own.holds() ? null : own;
    }
    Slot effective = effective(own, all);
    Map<Cluster, Instant> times = new EnumMap<>(Cluster.class);
    for (Cluster cluster : Cluster.values()) {
      Instant time = observed.get(RecordKeys.observation(state.service(), cluster));
      if (time != null) {
        times.put(cluster, time);
      }
    }
    return state.frozen() && effective != null
        ? new ServiceStatus(state, Optional.of(effective.override()), effective.forcedTo(), times)
        : new ServiceStatus(state, Optional.empty(), null, times);
  }

  /** The override in effect: the service's own unless it released it, else the one for all. */
  private static Slot effective(Slot own, Slot all) {
    if (own != null) {
      return own.holds() ? own : null;
    }
    return all;
  }

  /** One override as it stands for the service, and the side it pins. */
  private record Slot(Event<OperatorOverride> override, Cluster forcedTo) {
    boolean holds() {
      return override.data().action().holds();
    }

    boolean practice() {
      return override.data().practice();
    }

    boolean expiredAt(Instant now) {
      Instant expiresAt = override.data().expiresAt();
      return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** The service released from the override for all (after a practice run ended). */
    Slot released() {
      OperatorOverride data = override.data();
      return new Slot(
          Event.of(
              override.id(),
              override.source(),
              new OperatorOverride(
                  data.service(),
                  OverrideAction.RELEASE,
                  data.reason(),
                  data.requestedBy(),
                  data.requestedAt())),
          null);
    }
  }

  private <T extends EventData> Optional<Event<T>> decode(
      ConsumerRecord<String, byte[]> record, Class<T> type) {
    try {
      return Optional.of(codec.decode(record.value(), type));
    } catch (InvalidEventException e) {
      skipped++;
      return Optional.empty();
    }
  }
}
