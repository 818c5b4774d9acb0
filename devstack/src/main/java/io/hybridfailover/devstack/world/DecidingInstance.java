package io.hybridfailover.devstack.world;

import io.hybridfailover.events.Topics;
import io.hybridfailover.events.kafka.ServicePartitioner;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

/** Which of two decider instances decides for {@code shop/web} now, asked of the broker. */
final class DecidingInstance {

  /** The decider's Kafka Streams application id, and its one decide task's input. */
  private static final String DECIDER_GROUP = "failover-decider";

  /** The service whose deciding task the decider-crash drill kills. */
  static final String DRILLED_SERVICE = "shop/web";

  private DecidingInstance() {}

  /**
   * The name of the decider instance whose Streams client has shop/web's task now: the one assigned
   * shop/web's partition of the observations topic (inputs are co-partitioned by service); {@code
   * none} or {@code unknown: <why>} when there is no answer.
   */
  static String find(String bootstrap) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      int partitions =
          admin
              .describeTopics(List.of(Topics.OBSERVATIONS))
              .allTopicNames()
              .get(5, TimeUnit.SECONDS)
              .get(Topics.OBSERVATIONS)
              .partitions()
              .size();
      TopicPartition decides =
          new TopicPartition(
              Topics.OBSERVATIONS, ServicePartitioner.partition(DRILLED_SERVICE, partitions));
      ConsumerGroupDescription group =
          admin
              .describeConsumerGroups(List.of(DECIDER_GROUP))
              .all()
              .get(5, TimeUnit.SECONDS)
              .get(DECIDER_GROUP);
      for (MemberDescription member : group.members()) {
        boolean owns = member.assignment().topicPartitions().contains(decides);
        if (owns) {
          // client.id is the instance's name: "<name>-StreamThread-1-consumer"
          return member.clientId().replaceFirst("-StreamThread-.*$", "");
        }
      }
      return "none";
    } catch (Exception e) {
      return "unknown: " + e;
    }
  }
}
