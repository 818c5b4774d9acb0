package io.hybridfailover.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a prober checked; written {@code "http"}, {@code "tcp"}, {@code "karmada-cluster"}. */
public enum Check implements WireValue {
  /** The application's HTTP health path. */
  HTTP("http"),
  /** A TCP connect to the service port. */
  TCP("tcp"),
  /**
   * The Karmada Cluster object's Ready condition: about a whole cluster, so the observation's
   * {@code service} is {@code "*"}.
   */
  KARMADA_CLUSTER("karmada-cluster");

  private final String wireName;

  Check(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /**
   * @throws IllegalArgumentException if {@code wireName} is not one of the contract's checks
   */
  @JsonCreator
  public static Check fromWireName(String wireName) {
    return WireValue.parse(Check.class, wireName);
  }
}
