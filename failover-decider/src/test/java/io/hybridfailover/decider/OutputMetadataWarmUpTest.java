package io.hybridfailover.decider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class OutputMetadataWarmUpTest {

  /** Asks are recorded; the first {@code timeouts} asks time out, as with no broker yet. */
  private static final class AskedProducer extends MockProducer<byte[], byte[]> {
    final List<String> asked = new ArrayList<>();
    int timeouts;

    @Override
    public synchronized List<PartitionInfo> partitionsFor(String topic) {
      asked.add(topic);
      if (closed()) {
        throw new KafkaException("closed");
      }
      if (timeouts > 0) {
        timeouts--;
        throw new TimeoutException("no broker");
      }
      return List.of();
    }
  }

  @Test
  void looksUpEveryOutput_waitingForABrokerThatDoesNotAnswerYet() {
    AskedProducer producer = new AskedProducer();
    producer.timeouts = 2;

    OutputMetadataWarmUp.lookUp(producer);

    List<String> expected = new ArrayList<>();
    expected.add(OutputMetadataWarmUp.OUTPUTS.get(0));
    expected.add(OutputMetadataWarmUp.OUTPUTS.get(0));
    expected.addAll(OutputMetadataWarmUp.OUTPUTS);
    assertEquals(expected, producer.asked);
  }

  @Test
  void stopsAtAProducerClosedMeanwhile() {
    AskedProducer producer = new AskedProducer();
    producer.close();

    OutputMetadataWarmUp.lookUp(producer);

    assertEquals(List.of(OutputMetadataWarmUp.OUTPUTS.get(0)), producer.asked);
  }
}
