package io.hybridfailover.decider.core;

import io.hybridfailover.catalog.DurationConverter;
import io.smallrye.config.WithConverter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The keys of the decision semantics' settings table, at the global level ({@code
 * hybrid.decider.<key>}) or one service's ({@code hybrid.decider.service."<ns>/<name>".<key>}).
 * Every key is optional: unset, it is inherited, then defaulted ({@link DeciderSettings}).
 */
public interface DeciderSettingKeys {

  @WithConverter(SettingConverters.Count.class)
  Optional<Integer> fall();

  @WithConverter(SettingConverters.Count.class)
  Optional<Integer> rise();

  @WithConverter(DurationConverter.class)
  Optional<Duration> staleAfter();

  @WithConverter(SettingConverters.Count.class)
  Optional<Integer> expectedProbers();

  @WithConverter(SettingConverters.Count.class)
  Optional<Integer> quorum();

  @WithConverter(DurationConverter.class)
  Optional<Duration> failbackDelay();

  /** Comma-separated; each step read by SmallRye Config's own integer converter. */
  Optional<List<Integer>> failbackSteps();

  @WithConverter(DurationConverter.class)
  Optional<Duration> failbackStepInterval();

  @WithConverter(DurationConverter.class)
  Optional<Duration> drain();

  @WithConverter(DurationConverter.class)
  Optional<Duration> flapWindow();

  @WithConverter(DurationConverter.class)
  Optional<Duration> maxFailbackDelay();

  @WithConverter(DurationConverter.class)
  Optional<Duration> standbyTimeout();

  @WithConverter(SettingConverters.Flag.class)
  Optional<Boolean> dryRun();

  @WithConverter(DurationConverter.class)
  Optional<Duration> maxClockSkew();
}
