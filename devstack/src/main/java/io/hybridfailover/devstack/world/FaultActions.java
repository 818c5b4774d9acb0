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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The faults of this system's own parts that the fault drills lay over an outage, each played on
 * the world's parts: kills (and restarts) of a decider, the switcher or a broker, the API proxy's
 * failing or held-up writes, the decider's partition, the poison producer, a practice run.
 */
final class FaultActions {

  private final World world;
  private final World.Parts parts;

  FaultActions(World world) {
    this.world = world;
    this.parts = world.parts();
  }

  void apply(Action action) throws InterruptedException {
    if (action instanceof KillActiveDecider) {
      killActiveDecider();
    } else if (action instanceof KillSwitcherBeforeWrite crash) {
      ApiFaultProxy proxy = apiProxy();
      proxy.atNextRouteWrite(
          () ->
              killThenRestart(
                  parts.services().switcher(),
                  "it received a command and was about to write",
                  crash.restartAfter(),
                  parts.services()::restartSwitcher));
      // The switcher writes from its watched copy, or reads the route first when the copy shows
      // it already written (by the other switcher): from the failover command on, that read is
      // the moment too.
      afterTheFailoverCommand(proxy::alsoAtNextRouteRead);
    } else if (action instanceof KillBrokerAfterFailoverCommand crash
        && parts.brokers() instanceof KafkaCluster cluster) {
      int leader = leaderOfCommands(cluster);
      afterTheFailoverCommand(
          () ->
              killThenRestart(
                  cluster.process(leader),
                  "it leads shop/web's commands partition and the failover command was just"
                      + " committed",
                  crash.restartAfter(),
                  () -> cluster.restart(leader)));
    } else if (action instanceof KillCommandsLeaderAfterFailoverCommand) {
      if (!(parts.brokers() instanceof KafkaCluster cluster)) {
        throw new IllegalStateException("this drill needs several brokers");
      }
      int leader = leaderOfCommands(cluster);
      afterTheFailoverCommand(
          () ->
              kill(
                  cluster.process(leader),
                  "it leads shop/web's commands partition and the failover command was just"
                      + " committed; it stays down"));
    } else if (action instanceof KillBrokerAfterFailoverCommand crash
        && parts.brokers() instanceof SingleBroker broker) {
      afterTheFailoverCommand(
          () ->
              killThenRestart(
                  broker.process(),
                  "the failover command was just committed",
                  crash.restartAfter(),
                  () -> restartBroker(broker)));
    } else if (action instanceof PartitionDecider partition) {
      DeciderPartition proxy = deciderPartition();
      if (partition.cut()) {
        proxy.cut();
      } else {
        proxy.restore();
      }
    } else if (action instanceof ApiWriteErrors errors) {
      apiProxy().failWritesFor(errors.duration());
    } else if (action instanceof Action.StuckWrites stuck) {
      holdUpWritesOfTheStuckService(stuck.duration());
    } else if (action instanceof Action.Practice practice) {
      new PracticeStep(world).run(practice);
    } else if (action instanceof Action.StrainDeciders strain) {
      parts.services().strainDeciders(strain.on());
    } else if (action instanceof Poison poison) {
      if (poison.on()) {
        parts.poison().start();
      } else {
        parts.poison().stop();
      }
    }
  }

  /** Runs {@code fault} as soon as the next failover command is committed. */
  private void afterTheFailoverCommand(Runnable fault) {
    world.onNext(m -> m instanceof CommandIssued c && c.mode() != Mode.PRIMARY, fault);
  }

  private ApiFaultProxy apiProxy() {
    return parts
        .apiProxy()
        .orElseThrow(() -> new IllegalStateException("this drill needs the API fault proxy"));
  }

  private DeciderPartition deciderPartition() {
    Optional<DeciderPartition> partition =
        parts.brokers() instanceof SingleBroker broker
            ? broker.deciderPartition()
            : Optional.empty();
    return partition.orElseThrow(
        () -> new IllegalStateException("this drill needs the decider's proxy"));
  }

  /**
   * The API holds up the writes of the fleet's stuck service ({@link
   * io.hybridfailover.devstack.drill.FleetServices#stuck}) to its route and PropagationPolicy.
   */
  private void holdUpWritesOfTheStuckService(Duration duration) {
    String service = io.hybridfailover.devstack.drill.FleetServices.stuck(parts.fleet().size());
    List<String> paths = parts.fleet().objectPaths(service, world.route());
    apiProxy().stickWritesOf(paths, duration);
    world.progress().accept("  " + service + ": writes of " + paths + " held up");
  }

  /** The node leading shop/web's commands partition, found now (armed before the outage). */
  private int leaderOfCommands(KafkaCluster cluster) {
    try {
      int leader = cluster.leaderOfCommands(DecidingInstance.DRILLED_SERVICE);
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
  private void restartBroker(SingleBroker broker) throws Exception {
    Instant restarted = Instant.now();
    broker.restart();
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
        parts.services().activeDecider().orElseGet(() -> DecidingInstance.find(world.bootstrap()));
    for (ManagedProcess decider : parts.services().deciders()) {
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
}
