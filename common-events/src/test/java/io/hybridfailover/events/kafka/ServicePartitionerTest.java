package io.hybridfailover.events.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.RecordKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServicePartitionerTest {

  private static final List<String> SERVICES =
      IntStream.range(0, 500).mapToObj(i -> "ns-" + (i % 7) + "/app-" + i).toList();

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 6, 12, 50})
  void aServicesObservationsOfBothClustersLandWhereItsCommandsDo(int partitions) {
    for (String service : SERVICES) {
      int commands = ServicePartitioner.partition(RecordKeys.service(service), partitions);
      assertEquals(
          commands,
          ServicePartitioner.partition(
              RecordKeys.observation(service, Cluster.DESKTOP), partitions),
          service);
      assertEquals(
          commands,
          ServicePartitioner.partition(RecordKeys.observation(service, Cluster.GKE), partitions),
          service);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 6, 12})
  void serviceKeyedRecordsGoWhereKafkasDefaultPartitionerPutsThem(int partitions) {
    for (String service : SERVICES) {
      byte[] key = service.getBytes(StandardCharsets.UTF_8);
      assertEquals(
          BuiltInPartitioner.partitionForKey(key, partitions),
          ServicePartitioner.partition(service, partitions),
          service);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 12})
  void servicesSpreadOverEveryPartition(int partitions) {
    long used =
        SERVICES.stream().map(s -> ServicePartitioner.partition(s, partitions)).distinct().count();
    assertEquals(partitions, used);
  }

  @org.junit.jupiter.api.Test
  void aRecordWithoutAKeyIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ServicePartitioner.partition(null, 3));
  }
}
