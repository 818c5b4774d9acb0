package io.hybridfailover.cli.live;

import io.hybridfailover.events.Topics;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the live commands do on Kafka, for the operator's KafkaUser (deploy-check derives its ACLs
 * from here): they read topics by partition assignment (Describe to find the partitions and their
 * offsets, Read to fetch), in no consumer group and with no transactional id, and write only
 * overrides, with an idempotent producer (on Kafka 4, Write on the topic is all that needs).
 */
public final class KafkaAccess {

  /** {@code status}: the states, who froze or forced, and the newest observations. */
  public static final List<String> STATUS_READS =
      List.of(Topics.STATE, Topics.OVERRIDES, Topics.OBSERVATIONS);

  /** freeze, unfreeze, force, release: the states and the commands that acknowledge them. */
  public static final List<String> OVERRIDE_READS = List.of(Topics.STATE, Topics.COMMANDS);

  /** freeze, unfreeze, force, release, practice. */
  public static final List<String> WRITES = List.of(Topics.OVERRIDES);

  private KafkaAccess() {}

  /** Every topic some live command reads. */
  public static Set<String> reads() {
    Set<String> reads = new TreeSet<>(STATUS_READS);
    reads.addAll(OVERRIDE_READS);
    reads.addAll(WatchCommand.TOPICS);
    reads.add(Topics.STATE);
    reads.addAll(PracticeCommand.FOLLOWED);
    return reads;
  }
}
