package io.hybridfailover.decider;

import io.hybridfailover.events.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * How many tasks decide: the largest partition count among the decider's input topics. The service
 * {@code s} belongs to task {@code ServicePartitioner.partition(s, tasks)}; an input that arrives
 * on another partition number is routed there.
 */
@FunctionalInterface
public interface TaskCount {

  /** The input topics, read co-partitioned. */
  List<String> INPUTS = List.of(Topics.OBSERVATIONS, Topics.OVERRIDES, Topics.RESULTS);

  /** The count, given the Kafka Streams application's configuration (bootstrap, security). */
  int of(Map<String, Object> appConfigs);

  /** Asks the broker, with the application's own connection settings (its ACLs allow Describe). */
  static TaskCount fromBroker() {
    return appConfigs -> {
      Map<String, Object> admin = new HashMap<>();
      appConfigs.forEach(
          (key, value) -> {
            if (AdminClientConfig.configNames().contains(key) && value != null) {
              admin.put(key, value);
            }
          });
      admin.put(AdminClientConfig.CLIENT_ID_CONFIG, appConfigs.get("application.id") + "-tasks");
      try (Admin client = Admin.create(admin)) {
        Map<String, TopicDescription> topics =
            client.describeTopics(INPUTS).allTopicNames().get(60, TimeUnit.SECONDS);
        return topics.values().stream().mapToInt(t -> t.partitions().size()).max().orElseThrow();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while counting the input partitions", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("cannot count the partitions of " + INPUTS + ": " + e, e);
      }
    };
  }
}
