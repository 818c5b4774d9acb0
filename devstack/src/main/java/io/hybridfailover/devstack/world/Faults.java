package io.hybridfailover.devstack.world;

import io.hybridfailover.devstack.drill.Action;
import io.hybridfailover.devstack.drill.Action.ApiWriteErrors;
import io.hybridfailover.devstack.drill.Action.KillActiveDecider;
import io.hybridfailover.devstack.drill.Action.KillBrokerAfterFailoverCommand;
import io.hybridfailover.devstack.drill.Action.KillCommandsLeaderAfterFailoverCommand;
import io.hybridfailover.devstack.drill.Action.KillSwitcherBeforeWrite;
import io.hybridfailover.devstack.drill.Action.PartitionDecider;
import io.hybridfailover.devstack.drill.Action.Poison;
import io.hybridfailover.devstack.drill.Action.ProcessKilled;
import io.hybridfailover.devstack.drill.Action.ProcessRestarted;
import io.hybridfailover.devstack.drill.Moment.CommandIssued;
import io.hybridfailover.devstack.drill.Moment.DrillStep;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.kafka.ServicePartitioner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

/** The faults of this system's own parts that the fault drills lay over an outage. */
final class Faults {

  /** Where Debian's {@code faketime} package puts libfaketime. */
  static final List<Path> LIBFAKETIME =
      List.of(
          Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
          Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"),
          Path.of("/usr/lib/faketime/libfaketime.so.1"),
          Path.of("/usr/local/lib/faketime/libfaketime.so.1"));

  /** The decider's Kafka Streams application id, and its one decide task's input. */
  private static final String DECIDER_GROUP = "failover-decider";

  /** The service whose deciding task the decider-crash drill kills. */
  private static final String DRILLED_SERVICE = "shop/web";

  private final World world;

  Faults(World world) {
    this.world = world;
  }

  void apply(Action action) throws InterruptedException {
    if (action instanceof KillActiveDecider) {
      killActiveDecider();
    } else if (action instanceof KillSwitcherBeforeWrite crash) {
      world
          .apiProxy()
          .atNextRouteWrite(
              () ->
                  killThenRestart(
                      world.switcher(),
                      "it received a command and was about to write",
                      crash.restartAfter(),
                      world::restartSwitcher));
    } else if (action instanceof KillBrokerAfterFailoverCommand crash
        && world.cluster().isPresent()) {
      int leader = leaderOfCommands(world.cluster().get());
      world.onNext(
          m -> m instanceof CommandIssued c && c.mode() != Mode.PRIMARY,
          () ->
              killThenRestart(
                  world.cluster().get().process(leader),
                  "it leads shop/web's commands partition and the failover command was just"
                      + " committed",
                  crash.restartAfter(),
                  () -> world.restartClusterNode(leader)));
    } else if (action instanceof KillCommandsLeaderAfterFailoverCommand) {
      KafkaCluster cluster =
          world
              .cluster()
              .orElseThrow(() -> new IllegalStateException("this drill needs several brokers"));
      int leader = leaderOfCommands(cluster);
      world.onNext(
          m -> m instanceof CommandIssued c && c.mode() != Mode.PRIMARY,
          () ->
              kill(
                  cluster.process(leader),
                  "it leads shop/web's commands partition and the failover command was just"
                      + " committed; it stays down"));
    } else if (action instanceof KillBrokerAfterFailoverCommand crash) {
      world.onNext(
          m -> m instanceof CommandIssued c && c.mode() != Mode.PRIMARY,
          () ->
              killThenRestart(
                  world.broker(),
                  "the failover command was just committed",
                  crash.restartAfter(),
                  this::restartBroker));
    } else if (action instanceof PartitionDecider partition) {
      if (partition.cut()) {
        world.deciderProxy().cut();
      } else {
        world.deciderProxy().restore();
      }
    } else if (action instanceof ApiWriteErrors errors) {
      world.apiProxy().failWritesFor(errors.duration());
    } else if (action instanceof Action.StuckWrites stuck) {
      world.holdUpWritesOfTheStuckService(stuck.duration());
    } else if (action instanceof Action.Practice practice) {
      new PracticeStep(world).run(practice);
    } else if (action instanceof Poison poison) {
      if (poison.on()) {
        world.poison().start();
      } else {
        world.poison().stop();
      }
    }
  }

  /** The node leading shop/web's commands partition, found now (armed before the outage). */
  private int leaderOfCommands(KafkaCluster cluster) {
    try {
      int leader = cluster.leaderOfCommands(DRILLED_SERVICE);
      world
          .progress()
          .accept("  " + KafkaCluster.name(leader) + " leads shop/web's commands partition");
      return leader;
    } catch (Exception e) {
      throw new IllegalStateException("cannot find the leader of shop/web's commands: " + e, e);
    }
  }

  /** SIGKILL to {@code process}, recorded as the crash; it stays down. */
  private void kill(ManagedProcess process, String why) {
    try {
      process.kill();
      world.record(new DrillStep(Instant.now(), new ProcessKilled(process.name(), why)));
    } catch (Exception e) {
      world.progress().accept("could not kill " + process.name() + ": " + e);
    }
  }

  /** How a killed process is started again. */
  private interface Restart {
    void run() throws Exception;
  }

  /** SIGKILL to {@code process}, recorded as the crash; {@code restart} {@code after} later. */
  private void killThenRestart(
      ManagedProcess process, String why, Duration after, Restart restart) {
    try {
      process.kill();
      world.record(new DrillStep(Instant.now(), new ProcessKilled(process.name(), why)));
      Thread.sleep(after.toMillis());
      world.record(new DrillStep(Instant.now(), new ProcessRestarted(process.name())));
      restart.run();
    } catch (Exception e) {
      world.progress().accept("could not kill and restart " + process.name() + ": " + e);
    }
  }

  /** The same broker (port, log directory) started again, and how long until it serves. */
  private void restartBroker() throws Exception {
    Instant restarted = Instant.now();
    world.restartBroker();
    world
        .progress()
        .accept(
            "  the broker serves again (same port, same log directory), "
                + Duration.between(restarted, Instant.now()).toMillis()
                + " ms after it was started again");
  }

  /** SIGKILL to the decider whose Streams client has the decide task (all services are in it). */
  private void killActiveDecider() throws InterruptedException {
    // Found when the world became steady: asking the broker now would cost the drill ~0.4 s.
    String owner =
        world.activeDecider().orElseGet(() -> deciderOwningTheDecideTask(world.bootstrap()));
    for (ManagedProcess decider : world.deciders()) {
      if (decider.name().equals(owner)) {
        decider.kill();
        world.record(
            new DrillStep(
                Instant.now(), new ProcessKilled(decider.name(), "its task decides for shop/web")));
        return;
      }
    }
    world.progress().accept("no decider owns the decide task (" + owner + "): nothing killed");
  }

  /**
   * The name of the decider instance whose Streams client has shop/web's task now: the one assigned
   * shop/web's partition of the observations topic (inputs are co-partitioned by service).
   */
  static String deciderOwningTheDecideTask(String bootstrap) {
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

  /** Stops the drill at once, saying how to install libfaketime, when it is missing. */
  static void requireFaketime() {
    if (libfaketime() == null) {
      throw new IllegalStateException(
          "this drill skews clocks with libfaketime, which is not installed; install it with"
              + " `sudo apt-get install faketime` (Debian/Ubuntu) or `brew install libfaketime`"
              + " (macOS), then run the drill again");
    }
  }

  /** The environment that puts a JVM's wall clock {@code offset} (e.g. +30s) off. */
  static Map<String, String> faketime(String offset) {
    return Map.of(
        "LD_PRELOAD",
        libfaketime().toString(),
        "FAKETIME",
        offset,
        // The JVM times its own waits with the monotonic clock: leave it true, or it hangs.
        "FAKETIME_DONT_FAKE_MONOTONIC",
        "1",
        // ...and without libfaketime's "monotonic fix", which glibc 2.36 switches on by itself:
        // with it every timed wait of the JVM's own threads returns at once and spins (two
        // skewed probers took a core between them, and the decider read their observations a
        // minute late). Measured: 5 s of sleeps cost 3.6 s of CPU with the fix, 0.2 s without.
        "FAKETIME_FORCE_MONOTONIC_FIX",
        "0");
  }

  private static Path libfaketime() {
    return LIBFAKETIME.stream().filter(Files::isRegularFile).findFirst().orElse(null);
  }
}
