package io.hybridfailover.devstack.world;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeciderStrainTest {

  @TempDir Path dir;

  @Test
  void theLongestPauseSinceTheDrillBeganIsReadFromTheGcLog() throws Exception {
    Path log = dir.resolve("gc.log");
    Files.writeString(
        log,
        String.join(
            "\n",
            "[2026-12-07T05:10:00.100+0000] Using Serial",
            "[2026-12-07T05:10:01.000+0000] GC(0) Pause Full (System.gc()) 60M->30M(120M) 2500.123ms",
            "[2026-12-07T05:11:00.000+0000] GC(1) Pause Young (Allocation Failure) 40M->31M(120M) 12.4ms",
            "[2026-12-07T05:11:02.000+0000] GC(2) Pause Full (System.gc()) 45M->30M(120M) 1087.6ms",
            "[2026-12-07T05:11:03.000+0000] GC(3) Pause Young (Allocation Failure) 40M->31M(120M) 9.0ms",
            ""));

    assertEquals(
        Optional.of(1_088L),
        DeciderStrain.longestPause(log, Instant.parse("2026-12-07T05:10:30Z")),
        "the 2.5 s pause came before the drill");
    assertEquals(
        Optional.empty(), DeciderStrain.longestPause(log, Instant.parse("2026-12-07T06:00:00Z")));
    assertEquals(
        Optional.empty(), DeciderStrain.longestPause(dir.resolve("absent.log"), Instant.EPOCH));
  }
}
