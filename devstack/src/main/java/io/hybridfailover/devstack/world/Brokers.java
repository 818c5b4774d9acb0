package io.hybridfailover.devstack.world;

import io.hybridfailover.devstack.drill.WorldShape;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The world's Kafka: one broker ({@link SingleBroker}) or a KRaft cluster ({@link KafkaCluster}).
 */
sealed interface Brokers permits SingleBroker, KafkaCluster {

  /** Starts the brokers {@code shape} asks for, each process kept by {@code teardown}. */
  static Brokers start(
      Path root, Path work, WorldShape shape, Teardown teardown, Consumer<String> progress)
      throws Exception {
    if (shape.brokers() == 1) {
      return SingleBroker.start(root, work, shape, teardown, progress);
    }
    progress.accept(
        "starting "
            + shape.brokers()
            + " Kafka brokers of one KRaft cluster (embedded-kafka, each its own process;"
            + " contract topics replicated on 3, min.insync.replicas 2)");
    return KafkaCluster.start(root, work, shape.brokers(), teardown::keep);
  }

  /** What every client is told: every broker's address. */
  String bootstrap();

  /** The loopback ports the brokers (and any proxy in front of them) listen on. */
  List<Integer> ports();
}
