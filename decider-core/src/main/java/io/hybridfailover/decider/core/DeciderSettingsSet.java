package io.hybridfailover.decider.core;

import io.hybridfailover.catalog.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.AbstractConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * The global settings plus per-service overrides.
 *
 * <p>Property syntax: {@code hybrid.decider.<key>=value} for every service, and {@code
 * hybrid.decider.service."<namespace>/<name>".<key>=value} for one service (the quotes keep the
 * slash and dots of the service id inside one key segment, as in MicroProfile Config map keys). A
 * per-service key overrides the global one for that service only; every other key is inherited. If
 * neither level sets {@code quorum}, it is derived from the service's own {@code expected-probers}.
 *
 * <p>The values are read through the SmallRye Config mapping {@link DeciderSettingsConfig}, with
 * the product's one duration syntax; the same code reads them in the decider (its Quarkus config)
 * and in the CLI's replay (plain SmallRye Config).
 *
 * @param defaults the settings of every service without overrides
 * @param perService the settings of services with at least one override, by service id
 */
public record DeciderSettingsSet(
    DeciderSettings defaults, Map<String, DeciderSettings> perService) {

  private static final String SERVICE_PREFIX = DeciderSettings.PREFIX + "service.";
  private static final Pattern SERVICE_KEY = Pattern.compile("\"([^\"]+)\"\\.([a-z-]+)");

  /** Every key, with the syntax its value must have (the mapping's converters). */
  private static final Map<String, Syntax> SETTINGS = settings();

  public DeciderSettingsSet {
    Objects.requireNonNull(defaults, "defaults");
    perService = Map.copyOf(perService);
  }

  /** The same settings for every service. */
  public static DeciderSettingsSet of(DeciderSettings settings) {
    return new DeciderSettingsSet(settings, Map.of());
  }

  /** The settings that apply to {@code service}. */
  public DeciderSettings settingsFor(String service) {
    return perService.getOrDefault(service, defaults);
  }

  /**
   * Reads every key under {@code hybrid.decider.} in {@code props}; other keys are ignored (so a
   * whole application configuration can be passed). Values are trimmed.
   *
   * @throws InvalidSettingException naming the key: unknown keys, bad syntax, or values that break
   *     a rule of {@link DeciderSettings}
   */
  public static DeciderSettingsSet fromProperties(Map<String, String> props) {
    Map<String, String> values = new HashMap<>();
    props.forEach((key, value) -> values.put(key, Objects.requireNonNullElse(value, "")));
    return load(
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(values, "decider settings", 100))
            .build());
  }

  /**
   * Reads every key under {@code hybrid.decider.} of a service's configuration (in Quarkus: its
   * own, with profiles and expressions resolved); other keys are ignored.
   *
   * @throws InvalidSettingException naming the key, on its first line
   */
  public static DeciderSettingsSet load(Config config) {
    List<String> names = names(config);
    for (String name : names) {
      check(name, config.getConfigValue(name).getValue());
    }
    SmallRyeConfig mapped =
        new SmallRyeConfigBuilder()
            .withSources(new Resolved(config, names))
            .withMapping(DeciderSettingsConfig.class)
            .withValidateUnknown(false)
            .build();
    return of(mapped.getConfigMapping(DeciderSettingsConfig.class));
  }

  /**
   * The {@code hybrid.decider.*} keys of {@code config} and their values as it resolves them
   * (profiles, environment, expressions), by key: what {@link #load} reads, for showing.
   */
  public static Map<String, String> properties(Config config) {
    Map<String, String> properties = new TreeMap<>();
    for (String name : names(config)) {
      properties.put(name, Objects.requireNonNullElse(config.getConfigValue(name).getValue(), ""));
    }
    return properties;
  }

  private static List<String> names(Config config) {
    return StreamSupport.stream(config.getPropertyNames().spliterator(), false)
        .filter(name -> name.startsWith(DeciderSettings.PREFIX))
        .map(DeciderSettingsSet::spelledAsKey)
        .distinct()
        .sorted()
        .toList();
  }

  /**
   * The settings of a mapping whose values were {@link #check checked} (otherwise SmallRye Config
   * reports a bad value itself, under its own first line).
   *
   * @throws InvalidSettingException naming the key
   */
  public static DeciderSettingsSet of(DeciderSettingsConfig config) {
    Map<String, DeciderSettings> perService = new TreeMap<>();
    new TreeMap<>(config.service())
        .forEach(
            (service, overrides) ->
                perService.put(
                    service,
                    build(
                        List.of(
                            new Level(SERVICE_PREFIX + "\"" + service + "\".", overrides),
                            new Level(DeciderSettings.PREFIX, config)))));
    return new DeciderSettingsSet(
        build(List.of(new Level(DeciderSettings.PREFIX, config))), perService);
  }

  /**
   * The key a property name stands for. SmallRye Config lists an environment variable set only
   * there ({@code HYBRID_DECIDER_FAILBACK_DELAY}) with dots for every underscore ({@code
   * hybrid.decider.failback.delay}); its value is found under the real key, which the name cannot
   * tell (a dash or a dot?) but the list of settings can.
   */
  private static String spelledAsKey(String name) {
    String rest = name.substring(DeciderSettings.PREFIX.length());
    if (SETTINGS.containsKey(rest) || name.startsWith(SERVICE_PREFIX)) {
      return name;
    }
    return SETTINGS.keySet().stream()
        .filter(setting -> setting.replace('-', '.').equals(rest))
        .findFirst()
        .map(DeciderSettings::key)
        .orElse(name);
  }

  /** Unknown keys, per-service keys without quotes and malformed values, each named by its key. */
  private static void check(String key, String value) {
    String setting;
    if (key.startsWith(SERVICE_PREFIX)) {
      Matcher matcher = SERVICE_KEY.matcher(key.substring(SERVICE_PREFIX.length()));
      if (!matcher.matches()) {
        throw InvalidSettingException.literal(
            key
                + " is not a per-service key: write "
                + SERVICE_PREFIX
                + "\"<namespace>/<name>\".<key>");
      }
      setting = matcher.group(2);
    } else {
      setting = key.substring(DeciderSettings.PREFIX.length());
    }
    Syntax syntax = SETTINGS.get(setting);
    if (syntax == null) {
      throw InvalidSettingException.literal(
          "unknown key "
              + key
              + " (keys under "
              + DeciderSettings.PREFIX
              + " are "
              + String.join(", ", new TreeSet<>(SETTINGS.keySet()))
              + ")");
    }
    String text = Objects.requireNonNullElse(value, "").trim();
    try {
      // Each part on its own: an empty value (or step) would otherwise silently mean "unset".
      for (String part : syntax.list() ? text.split(",", -1) : new String[] {text}) {
        if (part.isBlank() || syntax.converter().convert(part) == null) {
          throw new IllegalArgumentException("empty");
        }
      }
    } catch (IllegalArgumentException e) {
      throw InvalidSettingException.literal(
          key + " must be " + syntax.expectation() + " but was \"" + text + "\"");
    }
  }

  /** What a key's value must look like: the mapping's converter, and in words for messages. */
  private record Syntax(Converter<?> converter, String expectation, boolean list) {}

  /** One level of keys (one service's overrides, or the global keys) and its key prefix. */
  private record Level(String prefix, DeciderSettingKeys keys) {}

  /**
   * The settings of the first level that sets each key, else the default; {@code quorum} defaults
   * to a majority of the resulting {@code expected-probers}. A rule a value breaks is reported with
   * the key that value came from.
   */
  private static DeciderSettings build(List<Level> levels) {
    DeciderSettings defaults = DeciderSettings.defaults();
    Map<String, String> keys = new HashMap<>();
    Picker pick = new Picker(levels, keys);
    int expectedProbers =
        pick.value(
            "expected-probers", DeciderSettingKeys::expectedProbers, defaults.expectedProbers());
    try {
      return new DeciderSettings(
          pick.value("fall", DeciderSettingKeys::fall, defaults.fall()),
          pick.value("rise", DeciderSettingKeys::rise, defaults.rise()),
          pick.value("stale-after", DeciderSettingKeys::staleAfter, defaults.staleAfter()),
          expectedProbers,
          pick.value(
              "quorum", DeciderSettingKeys::quorum, DeciderSettings.defaultQuorum(expectedProbers)),
          pick.value("failback-delay", DeciderSettingKeys::failbackDelay, defaults.failbackDelay()),
          pick.value("failback-steps", DeciderSettingKeys::failbackSteps, defaults.failbackSteps()),
          pick.value(
              "failback-step-interval",
              DeciderSettingKeys::failbackStepInterval,
              defaults.failbackStepInterval()),
          pick.value("drain", DeciderSettingKeys::drain, defaults.drain()),
          pick.value("flap-window", DeciderSettingKeys::flapWindow, defaults.flapWindow()),
          pick.value(
              "max-failback-delay",
              DeciderSettingKeys::maxFailbackDelay,
              defaults.maxFailbackDelay()),
          pick.value(
              "standby-timeout", DeciderSettingKeys::standbyTimeout, defaults.standbyTimeout()),
          pick.value("dry-run", DeciderSettingKeys::dryRun, defaults.dryRun()),
          pick.value("max-clock-skew", DeciderSettingKeys::maxClockSkew, defaults.maxClockSkew()));
    } catch (InvalidSettingException e) {
      throw e.keyedBy(setting -> keys.getOrDefault(setting, DeciderSettings.key(setting)));
    }
  }

  /** Takes each value from the first level that sets it and remembers that level's key. */
  private record Picker(List<Level> levels, Map<String, String> keys) {
    <T> T value(String setting, Function<DeciderSettingKeys, Optional<T>> get, T fallback) {
      for (Level level : levels) {
        Optional<T> value = get.apply(level.keys());
        if (value.isPresent()) {
          keys.put(setting, level.prefix() + setting);
          return value.get();
        }
      }
      return fallback;
    }
  }

  private static Map<String, Syntax> settings() {
    Syntax count = new Syntax(new SettingConverters.Count(), "an integer", false);
    Syntax duration = new Syntax(new DurationConverter(), DurationConverter.SYNTAX, false);
    Map<String, Syntax> settings = new HashMap<>();
    settings.put("fall", count);
    settings.put("rise", count);
    settings.put("stale-after", duration);
    settings.put("expected-probers", count);
    settings.put("quorum", count);
    settings.put("failback-delay", duration);
    settings.put(
        "failback-steps",
        new Syntax(
            new SettingConverters.Count(),
            "a comma-separated list of integers like 25,50,100",
            true));
    settings.put("failback-step-interval", duration);
    settings.put("drain", duration);
    settings.put("flap-window", duration);
    settings.put("max-failback-delay", duration);
    settings.put("standby-timeout", duration);
    settings.put("dry-run", new Syntax(new SettingConverters.Flag(), "true or false", false));
    settings.put("max-clock-skew", duration);
    return Map.copyOf(settings);
  }

  /**
   * The decider's keys of a service's configuration as one source, read through that configuration:
   * with its profiles, expressions and source order already applied.
   */
  private static final class Resolved extends AbstractConfigSource {

    private static final long serialVersionUID = 1L;

    private final transient Config config;
    private final Set<String> names;

    Resolved(Config config, List<String> names) {
      super("decider settings of the service's configuration", 100);
      this.config = config;
      this.names = Set.copyOf(names);
    }

    @Override
    public Set<String> getPropertyNames() {
      return names;
    }

    @Override
    public String getValue(String name) {
      return names.contains(name) ? config.getConfigValue(name).getValue() : null;
    }
  }
}
