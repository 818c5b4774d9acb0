package io.hybridfailover.devstack.run;

import io.hybridfailover.devstack.drill.DrillSettings;
import io.hybridfailover.devstack.drill.Settling;
import io.hybridfailover.devstack.world.World;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Waits, before the first fault, until the world's processes use less CPU than the settings allow
 * (start-up work done), or until the settings' timeout: a drill's times should not include it.
 */
final class SettleWait {

  private static final Duration SAMPLE = Duration.ofMillis(250);

  private SettleWait() {}

  static Settled await(World world, DrillSettings settings, DrillConsole console)
      throws InterruptedException {
    DrillSettings.Settle settle = settings.settle();
    if (settle.timeout().isZero()) {
      return Settled.NOT_WAITED;
    }
    long began = System.nanoTime();
    long deadline = began + settle.timeout().toNanos();
    Settling settling = new Settling(settle.window());
    while (true) {
      long now = System.nanoTime();
      OptionalDouble cores = settling.add(now, world.cpuNanos());
      long waitedMs = (now - began) / 1_000_000;
      if (cores.isPresent() && cores.getAsDouble() < settle.belowCores()) {
        console.say(
            String.format(
                Locale.ROOT,
                "settled: the world used %.2f cores over the last %d s, %.1f s after it was steady",
                cores.getAsDouble(),
                settle.window().toSeconds(),
                waitedMs / 1000.0));
        return new Settled(waitedMs, cores.getAsDouble(), true);
      }
      if (now >= deadline) {
        Double used = cores.isPresent() ? cores.getAsDouble() : null;
        console.say(
            String.format(
                Locale.ROOT,
                "not settled within %d s (%s cores over the last %d s, bound %.2f): the drill"
                    + " begins anyway, and its times include start-up work",
                settle.timeout().toSeconds(),
                used == null ? "?" : String.format(Locale.ROOT, "%.2f", used),
                settle.window().toSeconds(),
                settle.belowCores()));
        return new Settled(waitedMs, used, false);
      }
      Thread.sleep(SAMPLE.toMillis());
    }
  }
}
