package io.hybridfailover.devstack.world;

import io.hybridfailover.devstack.drill.Moment;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;

/**
 * Watches the deciders' consumer group, as the broker's group coordinator sees it, and records
 * every member that leaves it: a stream thread's consumer of a decider instance whose session timed
 * out (or that was fenced, or whose process died). A member keeps its id through ordinary
 * rebalances; one that lost its session rejoins under a new id, so a departure is never missed
 * however quickly it comes back.
 */
final class DeciderGroupWatch implements AutoCloseable {

  private static final String GROUP = "failover-decider";

  /** Often enough to date a departure well within a session (2-6 s). */
  private static final Duration EVERY = Duration.ofMillis(250);

  private final Admin admin;
  private final Consumer<Moment> record;
  private final Thread thread;
  private volatile boolean running = true;

  DeciderGroupWatch(String bootstrap, Consumer<Moment> record) {
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000));
    this.record = record;
    this.thread = new Thread(this::watch, "decider-group-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void watch() {
    Map<String, String> before = null; // member id -> decider instance
    while (running) {
      try {
        ConsumerGroupDescription group =
            admin.describeConsumerGroups(List.of(GROUP)).all().get(2, TimeUnit.SECONDS).get(GROUP);
        Map<String, String> now = new HashMap<>();
        for (MemberDescription member : group.members()) {
          // client.id is the instance's name: "<name>-StreamThread-<n>-consumer"
          now.put(member.consumerId(), member.clientId().replaceFirst("-StreamThread-.*$", ""));
        }
        if (before != null) {
          Map<String, Integer> left = new HashMap<>();
          before.forEach(
              (id, instance) -> {
                if (!now.containsKey(id)) {
                  left.merge(instance, 1, Integer::sum);
                }
              });
          Instant at = Instant.now();
          left.forEach(
              (instance, members) ->
                  record.accept(new Moment.DeciderMembersLeft(at, instance, members)));
        }
        before = now;
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        // The broker may be down (broker drills): the next answer compares with the last one.
      }
      try {
        Thread.sleep(EVERY.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    admin.close(Duration.ofSeconds(1));
  }
}
