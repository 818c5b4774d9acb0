package io.hybridfailover.devstack.drill;

/**
 * A drill's local world where it differs from the usual one in what Karmada and the mesh are given.
 *
 * @param seed the API double's seed (Clusters, the PropagationPolicy and its binding)
 * @param route the route's seed; {@code null} for the route {@code ./demo --route} names
 * @param karmadaSignal the probers also watch Karmada's Cluster objects
 * @param reportsMesh the drill records what the switcher says of the route before its first fault
 */
public record WorldVariant(String seed, String route, boolean karmadaSignal, boolean reportsMesh) {

  public static final WorldVariant USUAL = new WorldVariant("/world/seed.yaml", null, false, false);
}
