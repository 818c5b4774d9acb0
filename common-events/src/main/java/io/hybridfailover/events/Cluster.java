package io.hybridfailover.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The two clusters a service can run on; written {@code "desktop"} and {@code "gke"}. */
public enum Cluster implements WireValue {
  /** The home k3s cluster: the primary. */
  DESKTOP("desktop"),
  /** The GKE cluster: the failover target. */
  GKE("gke");

  private final String wireName;

  Cluster(String wireName) {
    this.wireName = wireName;
  }

  /** Also used for map keys, as in {@code "health":{"desktop":"DOWN","gke":"UP"}}. */
  @JsonValue
  public String wireName() {
    return wireName;
  }

  /**
   * @throws IllegalArgumentException if {@code wireName} is not {@code desktop} or {@code gke}
   */
  @JsonCreator
  public static Cluster fromWireName(String wireName) {
    return WireValue.parse(Cluster.class, wireName);
  }
}
