package io.hybridfailover.devstack.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class FleetFiguresTest {

  /** Services svc-1..svc-n, failed over after 10, 20, ... n*10 ms. */
  private static Map<String, Optional<Long>> fleet(int n) {
    Map<String, Optional<Long>> times = new LinkedHashMap<>();
    LongStream.rangeClosed(1, n).forEach(i -> times.put("svc-" + i, Optional.of(i * 10)));
    return times;
  }

  @Test
  void percentilesAndTheLast_overTheServicesThatFailedOver() {
    FleetFigures figures = FleetFigures.of(fleet(100), Optional.empty());

    assertEquals(100, figures.services());
    assertEquals(100, figures.failedOver());
    assertEquals(new FleetFigures.Spread(500, 950, 1_000), figures.serviceFailoverMs());
    assertEquals(1_000L, figures.lastServiceFailoverMs());
    assertNull(figures.othersMaxFailoverMs(), "no stuck service, no others");
  }

  @Test
  void aServiceThatDidNotFailOver_isCountedButNotTimed() {
    Map<String, Optional<Long>> times = fleet(3);
    times.put("svc-down-for-good", Optional.empty());

    FleetFigures figures = FleetFigures.of(times, Optional.empty());

    assertEquals(4, figures.services());
    assertEquals(3, figures.failedOver());
    assertEquals(30L, figures.lastServiceFailoverMs());
  }

  @Test
  void theStuckService_isLeftOutOfTheOthersMax() {
    Map<String, Optional<Long>> times = fleet(10);
    times.put("stuck", Optional.of(16_000L));

    FleetFigures figures = FleetFigures.of(times, Optional.of("stuck"));

    assertEquals(16_000L, figures.lastServiceFailoverMs(), "the last is the stuck one");
    assertEquals(100L, figures.othersMaxFailoverMs());
  }

  @Test
  void noServiceFailedOver_hasNoTimes() {
    FleetFigures figures = FleetFigures.of(Map.of("svc-1", Optional.empty()), Optional.of("svc-1"));

    assertEquals(0, figures.failedOver());
    assertNull(figures.serviceFailoverMs());
    assertNull(figures.lastServiceFailoverMs());
    assertNull(figures.othersMaxFailoverMs());
  }

  @Test
  void nearestRank_ofOneValue_isThatValue() {
    assertEquals(7L, FleetFigures.percentile(List.of(7L), 50));
    assertEquals(7L, FleetFigures.percentile(List.of(7L), 95));
  }
}
