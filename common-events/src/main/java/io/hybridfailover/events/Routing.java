package io.hybridfailover.events;

/**
 * Traffic weights between the two clusters, as integer percentages: {@code
 * {"desktop":0,"gke":100}}. Each weight is 0..100 and they sum to 100, so a routing always sends
 * all traffic somewhere.
 */
public record Routing(int desktop, int gke) {

  public Routing {
    Require.between(desktop, 0, 100, "routing.desktop");
    Require.between(gke, 0, 100, "routing.gke");
    if (desktop + gke != 100) {
      throw new InvalidEventException(
          "routing: weights must sum to 100 but sum to "
              + (desktop + gke)
              + " (desktop="
              + desktop
              + ", gke="
              + gke
              + ")");
    }
  }

  /** All traffic to the desktop: the {@code PRIMARY} mode's routing. */
  public static Routing allDesktop() {
    return new Routing(100, 0);
  }

  /** All traffic to GKE: the {@code FAILED_OVER} mode's routing. */
  public static Routing allGke() {
    return new Routing(0, 100);
  }

  /** {@code desktopWeight} percent to the desktop, the rest to GKE: a failback step. */
  public static Routing desktop(int desktopWeight) {
    Require.between(desktopWeight, 0, 100, "routing.desktop");
    return new Routing(desktopWeight, 100 - desktopWeight);
  }
}
