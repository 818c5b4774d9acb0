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

  String describe();
}
