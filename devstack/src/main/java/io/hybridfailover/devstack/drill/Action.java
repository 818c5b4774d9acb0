package io.hybridfailover.devstack.drill;

import io.hybridfailover.events.OverrideAction;

/** One thing a drill does to the local world. */
public sealed interface Action {

  /** A fault of the desktop copy as everyone sees it, users included ({@code UP} ends it). */
  record SetDesktop(Behaviour behaviour) implements Action {
    @Override
    public String describe() {
      return "desktop copy: " + behaviour.label();
    }
  }

  /** A fault on one prober's own path to the desktop: users and the other probers see it UP. */
  record SetProberPath(String prober, Behaviour behaviour) implements Action {
    @Override
    public String describe() {
      return prober + "'s path to the desktop: " + behaviour.label();
    }
  }

  /** The prober process is killed (SIGKILL): its votes go stale. */
  record KillProber(String prober) implements Action {
    @Override
    public String describe() {
      return prober + " killed";
    }
  }

  /**
   * An operator's override of {@code shop/web}, sent as {@code bin/hybrid} sends it and waited for
   * until the decider acknowledges it.
   */
  record Operator(OverrideAction action, String reason) implements Action {
    @Override
    public String describe() {
      return "operator: " + action.wireName() + " (" + reason + ")";
    }
  }

  /**
   * A practice failover of {@code shop/web}, run as {@code bin/hybrid practice} runs it: to GKE,
   * held for {@code lasts}, then released to the damped failback; returns once it is home.
   */
  record Practice(java.time.Duration lasts, String reason) implements Action {
    @Override
    public String describe() {
      return "operator: practice run for " + lasts.toSeconds() + " s (" + reason + ")";
    }
  }

  String describe();

  /** A fault of this system's own parts (not of the app): recoveryMs is measured from it. */
  sealed interface Crash extends Action {}

  /** One of this system's processes was killed (SIGKILL), recorded by the world when it does it. */
  record ProcessKilled(String process, String why) implements Crash {
    @Override
    public String describe() {
      return process + " killed (SIGKILL): " + why;
    }
  }

  /** A killed process started again. */
  record ProcessRestarted(String process) implements Action {
    @Override
    public String describe() {
      return process + " started again";
    }
  }

  /** The decider instance whose task decides for shop/web is killed (SIGKILL). */
  record KillActiveDecider() implements Action {
    @Override
    public String describe() {
      return "the decider deciding for shop/web killed (SIGKILL); its standby takes over";
    }
  }

  /**
   * The traffic-switcher that reaches the API server through the fault proxy (with several, the
   * first) is killed (SIGKILL) as it is about to write the route for the failover: at its next
   * route write, or at its read of the route once the failover command is committed, whichever
   * comes first; restarted {@code restartAfter} later.
   */
  record KillSwitcherBeforeWrite(java.time.Duration restartAfter) implements Action {
    @Override
    public String describe() {
      return "traffic-switcher armed (the one writing through the API proxy): killed (SIGKILL) as"
          + " it is about to write the failover (its next route write, or its read of the route"
          + " once the command is out), restarted "
          + restartAfter.toMillis()
          + " ms later";
    }
  }

  /** For {@code duration}, the API server answers the actuators' writes with errors. */
  record ApiWriteErrors(java.time.Duration duration) implements Action {
    @Override
    public String describe() {
      return "API server answers writes with 409, 500, 429 and timeouts for "
          + duration.toSeconds()
          + " s";
    }
  }

  /**
   * For {@code duration}, the API server holds up the writes of one service's route and
   * PropagationPolicy alone (the fleet's last service, {@link FleetServices#stuck}): the first
   * write of each hangs 15 s, the next ones get 500s, then 409s.
   */
  record StuckWrites(java.time.Duration duration) implements Action {
    @Override
    public String describe() {
      return "API server holds up the writes of one service's route and policy (a 15 s hang, then"
          + " 500s, then 409s) for "
          + duration.toSeconds()
          + " s";
    }
  }

  /**
   * Starts or stops straining the deciders: a full GC forced in one of them every two seconds, in
   * turn ({@code jcmd GC.run}), on top of whatever else loads the machine.
   */
  record StrainDeciders(boolean on) implements Action {
    @Override
    public String describe() {
      return on
          ? "deciders strained: a full GC forced in one of them every 2 s (jcmd GC.run)"
          : "deciders no longer strained";
    }
  }

  /** Starts or stops the poison producer (into every topic our services consume). */
  record Poison(boolean on) implements Action {
    @Override
    public String describe() {
      return on ? "poison producer started" : "poison producer stopped";
    }
  }

  /**
   * The broker is killed (SIGKILL) as soon as the next failover command is committed (readable with
   * {@code read_committed}), and started again {@code restartAfter} later on the same port and log
   * directory.
   */
  record KillBrokerAfterFailoverCommand(java.time.Duration restartAfter) implements Action {
    @Override
    public String describe() {
      return "broker armed: killed (SIGKILL) once the failover command is committed, restarted "
          + restartAfter.toSeconds()
          + " s later on the same log directory";
    }
  }

  /**
   * The decider's connections to the broker are dropped and refused ({@code cut}), or let through
   * again.
   */
  record PartitionDecider(boolean cut) implements Action {
    @Override
    public String describe() {
      return cut
          ? "decider cut from the broker (its connections dropped, new ones refused)"
          : "decider reconnected to the broker";
    }
  }

  /**
   * The broker leading {@code shop/web}'s partition of the commands topic (found when armed) is
   * killed (SIGKILL) as soon as the next failover command is committed, and stays down: the other
   * two of three serve on.
   */
  record KillCommandsLeaderAfterFailoverCommand() implements Action {
    @Override
    public String describe() {
      return "the broker leading shop/web's commands partition armed: killed (SIGKILL) once the"
          + " failover command is committed; it stays down";
    }
  }
}
