package io.hybridfailover.devstack.world;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fault part: some probers' wall clocks put off by libfaketime ({@code clock-skew}).
 *
 * @param offsets per prober id, the offset of its JVM's clock (e.g. {@code +30s})
 */
record SkewedClocks(Map<String, String> offsets) {

  /** Where Debian's {@code faketime} package puts libfaketime. */
  static final List<Path> LIBFAKETIME =
      List.of(
          Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
          Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"),
          Path.of("/usr/lib/faketime/libfaketime.so.1"),
          Path.of("/usr/local/lib/faketime/libfaketime.so.1"));

  SkewedClocks {
    offsets = Map.copyOf(offsets);
  }

  /**
   * Stops the drill at once, before anything starts, saying how to install libfaketime when a clock
   * must be skewed and it is missing.
   */
  SkewedClocks requireFaketime() {
    if (!offsets.isEmpty() && libfaketime().isEmpty()) {
      throw new IllegalStateException(
          "this drill skews clocks with libfaketime, which is not installed; install it with"
              + " `sudo apt-get install faketime` (Debian/Ubuntu) or `brew install libfaketime`"
              + " (macOS), then run the drill again");
    }
    return this;
  }

  /** The offset of {@code prober}'s clock, if it is skewed. */
  Optional<String> offsetOf(String prober) {
    return Optional.ofNullable(offsets.get(prober));
  }

  /** The environment of {@code prober}'s JVM: its wall clock off by its offset, or untouched. */
  Map<String, String> environmentOf(String prober) {
    return offsetOf(prober)
        .map(
            offset ->
                Map.of(
                    "LD_PRELOAD",
                    libfaketime().orElseThrow().toString(),
                    "FAKETIME",
                    offset,
                    // The JVM times its own waits with the monotonic clock: leave it true, or it
                    // hangs.
                    "FAKETIME_DONT_FAKE_MONOTONIC",
                    "1",
                    // ...and without libfaketime's "monotonic fix", which glibc 2.36 switches on
                    // by itself: with it every timed wait of the JVM's own threads returns at once
                    // and spins (two skewed probers took a core between them, and the decider
                    // read their observations a minute late). Measured: 5 s of sleeps cost 3.6 s
                    // of CPU with the fix, 0.2 s without.
                    "FAKETIME_FORCE_MONOTONIC_FIX",
                    "0"))
        .orElse(Map.of());
  }

  private static Optional<Path> libfaketime() {
    return LIBFAKETIME.stream().filter(Files::isRegularFile).findFirst();
  }
}
