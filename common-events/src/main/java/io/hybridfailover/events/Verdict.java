package io.hybridfailover.events;

/** The decider's verdict on one service on one cluster, after hysteresis and quorum. */
public enum Verdict implements WireValue {
  UP,
  DOWN,
  /** No quorum of fresh votes. Absence of data never triggers a failover. */
  UNKNOWN
}
