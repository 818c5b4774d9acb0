package io.hybridfailover.decider.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeciderSettingsTest {

  @Test
  void defaults_areTheSemanticsTable() {
    DeciderSettings d = DeciderSettings.defaults();

    assertEquals(3, d.fall());
    assertEquals(3, d.rise());
    assertEquals(Duration.ofSeconds(5), d.staleAfter());
    assertEquals(1, d.expectedProbers());
    assertEquals(1, d.quorum());
    assertEquals(Duration.ofSeconds(120), d.failbackDelay());
    assertEquals(List.of(25, 50, 100), d.failbackSteps());
    assertEquals(Duration.ofSeconds(15), d.failbackStepInterval());
    assertEquals(Duration.ofSeconds(60), d.drain());
    assertEquals(Duration.ofHours(1), d.flapWindow());
    assertEquals(Duration.ofMinutes(30), d.maxFailbackDelay());
    assertEquals(Duration.ofSeconds(180), d.standbyTimeout());
    assertEquals(false, d.dryRun());
    assertEquals(Duration.ofSeconds(2), d.maxClockSkew());
    assertEquals(d, DeciderSettings.fromProperties(Map.of()));
  }

  @Test
  void fromProperties_readsEveryKeyAndIgnoresKeysOutsideThePrefix() {
    Map<String, String> props = new HashMap<>();
    props.put("hybrid.decider.fall", "2");
    props.put("hybrid.decider.rise", " 4 ");
    props.put("hybrid.decider.stale-after", "500ms");
    props.put("hybrid.decider.expected-probers", "5");
    props.put("hybrid.decider.quorum", "4");
    props.put("hybrid.decider.failback-delay", "PT5S");
    props.put("hybrid.decider.failback-steps", "10, 60,100");
    props.put("hybrid.decider.failback-step-interval", "2s");
    props.put("hybrid.decider.drain", "3s");
    props.put("hybrid.decider.flap-window", "2m");
    props.put("hybrid.decider.max-failback-delay", "1h");
    props.put("hybrid.decider.standby-timeout", "pt1m30s");
    props.put("hybrid.decider.dry-run", "TRUE");
    props.put("hybrid.decider.max-clock-skew", "750ms");
    props.put("quarkus.http.port", "8080");

    assertEquals(
        new DeciderSettings(
            2,
            4,
            Duration.ofMillis(500),
            5,
            4,
            Duration.ofSeconds(5),
            List.of(10, 60, 100),
            Duration.ofSeconds(2),
            Duration.ofSeconds(3),
            Duration.ofMinutes(2),
            Duration.ofHours(1),
            Duration.ofSeconds(90),
            true,
            Duration.ofMillis(750)),
        DeciderSettings.fromProperties(props));
  }

  @Test
  void quorum_defaultsToAStrictMajorityOfTheExpectedProbers() {
    assertEquals(2, settings("expected-probers", "3").quorum());
    assertEquals(3, settings("expected-probers", "4").quorum());
    assertEquals(3, settings("expected-probers", "5").quorum());
  }

  @Test
  void validation_quorumMustBeAStrictMajority() {
    assertMessage(
        "hybrid.decider.quorum=1 must be a strict majority of hybrid.decider.expected-probers=3"
            + " (at least 2)",
        "expected-probers",
        "3",
        "quorum",
        "1");
    assertMessage(
        "hybrid.decider.quorum=4 must not exceed hybrid.decider.expected-probers=3, or no verdict"
            + " could ever be reached",
        "expected-probers",
        "3",
        "quorum",
        "4");
  }

  @Test
  void validation_failbackStepsMustIncreaseAndEndAt100() {
    assertMessage(
        "hybrid.decider.failback-steps must increase and end at 100 but was 25,50",
        "failback-steps",
        "25,50");
    assertMessage(
        "hybrid.decider.failback-steps must increase and end at 100 but was 50,25,100",
        "failback-steps",
        "50,25,100");
    assertMessage(
        "hybrid.decider.failback-steps must be desktop weights between 1 and 100 but was 0,100",
        "failback-steps",
        "0,100");
    assertMessage(
        "hybrid.decider.failback-steps must be a comma-separated list of integers like 25,50,100"
            + " but was \"25;100\"",
        "failback-steps",
        "25;100");
  }

  @Test
  void validation_countsAndDurationsMustBeInRange() {
    assertMessage("hybrid.decider.fall must be >= 1 but was 0", "fall", "0");
    assertMessage("hybrid.decider.rise must be >= 1 but was -1", "rise", "-1");
    assertMessage("hybrid.decider.stale-after must be positive but was 0s", "stale-after", "0s");
    assertMessage("hybrid.decider.drain must not be negative but was -5s", "drain", "PT-5S");
    assertMessage(
        "hybrid.decider.max-clock-skew must not be negative but was -1s",
        "max-clock-skew",
        "PT-1S");
    assertMessage(
        "hybrid.decider.max-failback-delay=1m must be >= hybrid.decider.failback-delay=2m",
        "max-failback-delay",
        "1m");
  }

  @Test
  void validation_badSyntaxNamesTheKey() {
    assertMessage(
        "hybrid.decider.stale-after must be a duration like 500ms, 5s, 2m, 1h or PT5S but was"
            + " \"5 seconds\"",
        "stale-after",
        "5 seconds");
    assertMessage(
        "hybrid.decider.drain must be a duration like 500ms, 5s, 2m, 1h or PT5S but was \"1d\"",
        "drain",
        "1d");
    assertMessage("hybrid.decider.fall must be an integer but was \"three\"", "fall", "three");
    assertMessage(
        "hybrid.decider.max-clock-skew must be a duration like 500ms, 5s, 2m, 1h or PT5S but was"
            + " \"2 s\"",
        "max-clock-skew",
        "2 s");
    assertMessage("hybrid.decider.dry-run must be true or false but was \"yes\"", "dry-run", "yes");
  }

  @Test
  void validation_unknownKeysUnderThePrefixAreRejected() {
    InvalidSettingException e =
        assertThrows(InvalidSettingException.class, () -> settings("falls", "3"));
    assertEquals(
        "unknown key hybrid.decider.falls (keys under hybrid.decider. are drain, dry-run,"
            + " expected-probers, failback-delay, failback-step-interval, failback-steps, fall,"
            + " flap-window, max-clock-skew, max-failback-delay, quorum, rise, stale-after, standby-timeout)",
        e.getMessage());
  }

  @Test
  void perService_overridesOneServiceAndInheritsTheRest() {
    DeciderSettingsSet set =
        DeciderSettingsSet.fromProperties(
            Map.of(
                "hybrid.decider.expected-probers", "3",
                "hybrid.decider.fall", "4",
                "hybrid.decider.service.\"shop/web\".expected-probers", "5",
                "hybrid.decider.service.\"shop/web\".drain", "5s"));

    DeciderSettings web = set.settingsFor("shop/web");
    assertEquals(5, web.expectedProbers());
    assertEquals(3, web.quorum(), "derived from the service's own expected-probers");
    assertEquals(4, web.fall());
    assertEquals(Duration.ofSeconds(5), web.drain());
    assertSame(set.defaults(), set.settingsFor("shop/other"));
    assertEquals(2, set.defaults().quorum());
  }

  @Test
  void perService_messagesNameTheKeyTheValueCameFrom() {
    InvalidSettingException e =
        assertThrows(
            InvalidSettingException.class,
            () ->
                DeciderSettingsSet.fromProperties(
                    Map.of(
                        "hybrid.decider.quorum", "2",
                        "hybrid.decider.expected-probers", "3",
                        "hybrid.decider.service.\"shop/web\".expected-probers", "5")));
    assertEquals(
        "hybrid.decider.quorum=2 must be a strict majority of"
            + " hybrid.decider.service.\"shop/web\".expected-probers=5 (at least 3)",
        e.getMessage());

    InvalidSettingException unquoted =
        assertThrows(
            InvalidSettingException.class,
            () ->
                DeciderSettingsSet.fromProperties(
                    Map.of("hybrid.decider.service.shop/web.fall", "2")));
    assertEquals(
        "hybrid.decider.service.shop/web.fall is not a per-service key: write"
            + " hybrid.decider.service.\"<namespace>/<name>\".<key>",
        unquoted.getMessage());
  }

  private static DeciderSettings settings(String... keyValues) {
    Map<String, String> props = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put("hybrid.decider." + keyValues[i], keyValues[i + 1]);
    }
    return DeciderSettings.fromProperties(props);
  }

  private static void assertMessage(String expected, String... keyValues) {
    InvalidSettingException e =
        assertThrows(InvalidSettingException.class, () -> settings(keyValues));
    assertEquals(expected, e.getMessage());
  }
}
