package io.hybridfailover.cli.live;

import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.FailoverState;
import io.hybridfailover.events.InvalidEventException;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.events.Topics;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Sends one override and waits for the decider to acknowledge it: reads the states (the services an
 * override for all reaches are those the decider knows), notes where the state and commands topics
 * end, sends, then follows both topics from there until {@link Acknowledgement} is complete or the
 * timeout passes. Used by the commands and by the drills, so both send overrides alike.
 */
public final class OverrideRequest {

  /** The most services whose missing acknowledgement a timeout lists one by one. */
  private static final int MISSING_LISTED = 20;

  private final Properties client;
  private final Clock clock;

  public OverrideRequest(Properties client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * The outcome.
   *
   * @param acknowledged whether every service acknowledged within the timeout
   * @param lines what changed (acknowledged) or what is missing (not)
   */
  public record Outcome(
      Event<OperatorOverride> override,
      RecordMetadata sent,
      boolean acknowledged,
      List<String> lines) {}

  /**
   * Sends {@code action} for {@code service} ({@code *} for all) and waits up to {@code timeout}.
   *
   * @throws LiveCommandException if Kafka cannot be read or written
   */
  public Outcome send(
      OverrideAction action, String service, String reason, String requestedBy, Duration timeout) {
    return send(action, service, reason, requestedBy, null, true, timeout);
  }

  /**
   * Sends {@code action} for {@code service} ({@code *} for all), ending by itself {@code lasts}
   * after it is requested ({@code null}: when released), and waits up to {@code timeout}.
   *
   * @param newService whether a service the state topic has never shown may be named
   * @throws LiveCommandException if Kafka cannot be read or written, or the service is unknown
   */
  public Outcome send(
      OverrideAction action,
      String service,
      String reason,
      String requestedBy,
      Duration lasts,
      boolean newService,
      Duration timeout) {
    EventCodec codec = new EventCodec();
    try (TopicReader reader = new TopicReader(client)) {
      Map<String, FailoverState> before =
          new FleetStatus(new PrintWriter(PrintWriter.nullWriter())).states(reader);
      if (!newService && !RecordKeys.ALL_SERVICES.equals(service) && !before.containsKey(service)) {
        throw LiveCommandException.usage(
            service
                + " is not on the state topic: the decider has never shown it (a typo? `hybrid"
                + " status` lists the services it knows). Nothing sent. To send it anyway, for a"
                + " service the decider has not seen yet, add --new-service");
      }
      List<TopicPartition> followed = reader.assign(KafkaAccess.OVERRIDE_READS);
      Map<TopicPartition, Long> from = reader.endOffsets(followed);
      reader.seek(from);

      Instant requestedAt = clock.instant();
      Event<OperatorOverride> override =
          Event.of(
              source(),
              new OperatorOverride(
                  service,
                  action,
                  reason,
                  requestedBy,
                  requestedAt,
                  lasts == null ? null : requestedAt.plus(lasts)));
      List<String> services =
          RecordKeys.ALL_SERVICES.equals(service) ? List.copyOf(before.keySet()) : List.of(service);
      Acknowledgement acknowledgement = new Acknowledgement(override, services, before);
      RecordMetadata sent = ContractClients.send(client, override);

      long deadline = System.nanoTime() + timeout.toNanos();
      while (!acknowledgement.complete() && System.nanoTime() < deadline) {
        reader.poll(record -> follow(record, codec, acknowledgement));
      }
      if (acknowledgement.complete()) {
        return new Outcome(override, sent, true, acknowledgement.changes());
      }
      List<String> missing = acknowledgement.missing();
      List<String> listed =
          missing.size() <= MISSING_LISTED
              ? missing
              : List.copyOf(
                  concat(
                      missing.subList(0, MISSING_LISTED),
                      "... and " + (missing.size() - MISSING_LISTED) + " more services"));
      return new Outcome(override, sent, false, listed);
    }
  }

  private static void follow(
      ConsumerRecord<String, byte[]> record, EventCodec codec, Acknowledgement acknowledgement) {
    if (record.value() == null) {
      return;
    }
    try {
      if (record.topic().equals(Topics.STATE)) {
        acknowledgement.onState(codec.decode(record.value(), FailoverState.class).data());
      } else {
        acknowledgement.onCommand(codec.decode(record.value(), Command.class).data());
      }
    } catch (InvalidEventException e) {
      // Not ours to judge here: the decider and the actuators dead-letter what they cannot read.
    }
  }

  private static List<String> concat(List<String> head, String last) {
    List<String> all = new ArrayList<>(head);
    all.add(last);
    return all;
  }

  /** {@code /failover-cli/<host>}: where the override came from, besides who asked. */
  static String source() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return "/failover-cli/" + host;
  }
}
