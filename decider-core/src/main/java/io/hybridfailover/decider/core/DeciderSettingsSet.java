package io.hybridfailover.decider.core;

import java.time.Duration;
import java.util.ArrayList;
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

/**
 * The global settings plus per-service overrides.
 *
 * <p>Property syntax: {@code hybrid.decider.<key>=value} for every service, and {@code
 * hybrid.decider.service."<namespace>/<name>".<key>=value} for one service (the quotes keep the
 * slash and dots of the service id inside one key segment, as in MicroProfile Config map keys). A
 * per-service key overrides the global one for that service only; every other key is inherited. If
 * neither level sets {@code quorum}, it is derived from the service's own {@code expected-probers}.
 *
 * @param defaults the settings of every service without overrides
 * @param perService the settings of services with at least one override, by service id
 */
public record DeciderSettingsSet(
    DeciderSettings defaults, Map<String, DeciderSettings> perService) {

  private static final String SERVICE_PREFIX = DeciderSettings.PREFIX + "service.";
  private static final Pattern SERVICE_KEY = Pattern.compile("\"([^\"]+)\"\\.([a-z-]+)");
  private static final Set<String> SETTINGS =
      Set.of(
          "fall",
          "rise",
          "stale-after",
          "expected-probers",
          "quorum",
          "failback-delay",
          "failback-steps",
          "failback-step-interval",
          "drain",
          "flap-window",
          "max-failback-delay",
          "standby-timeout",
          "dry-run",
          "max-clock-skew");

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
    Map<String, Raw> global = new TreeMap<>();
    Map<String, Map<String, Raw>> services = new TreeMap<>();
    for (Map.Entry<String, String> property : new TreeMap<>(props).entrySet()) {
      String key = property.getKey();
      if (!key.startsWith(DeciderSettings.PREFIX)) {
        continue;
      }
      Raw raw = new Raw(key, Objects.requireNonNullElse(property.getValue(), "").trim());
      if (key.startsWith(SERVICE_PREFIX)) {
        Matcher matcher = SERVICE_KEY.matcher(key.substring(SERVICE_PREFIX.length()));
        if (!matcher.matches()) {
          throw InvalidSettingException.literal(
              key
                  + " is not a per-service key: write "
                  + SERVICE_PREFIX
                  + "\"<namespace>/<name>\".<key>");
        }
        services
            .computeIfAbsent(matcher.group(1), service -> new TreeMap<>())
            .put(known(matcher.group(2), key), raw);
      } else {
        global.put(known(key.substring(DeciderSettings.PREFIX.length()), key), raw);
      }
    }
    Map<String, DeciderSettings> perService = new TreeMap<>();
    services.forEach(
        (service, overrides) -> {
          Map<String, Raw> merged = new TreeMap<>(global);
          merged.putAll(overrides);
          perService.put(service, build(merged));
        });
    return new DeciderSettingsSet(build(global), perService);
  }

  /** One property as written: its full key (for messages) and its trimmed value. */
  private record Raw(String key, String value) {}

  private static String known(String setting, String key) {
    if (!SETTINGS.contains(setting)) {
      throw InvalidSettingException.literal(
          "unknown key "
              + key
              + " (keys under "
              + DeciderSettings.PREFIX
              + " are "
              + String.join(", ", new TreeSet<>(SETTINGS))
              + ")");
    }
    return setting;
  }

  private static DeciderSettings build(Map<String, Raw> raw) {
    DeciderSettings defaults = DeciderSettings.defaults();
    int expectedProbers =
        read(raw, "expected-probers", DeciderSettingsSet::integer, defaults.expectedProbers());
    try {
      return new DeciderSettings(
          read(raw, "fall", DeciderSettingsSet::integer, defaults.fall()),
          read(raw, "rise", DeciderSettingsSet::integer, defaults.rise()),
          read(raw, "stale-after", Durations::parse, defaults.staleAfter()),
          expectedProbers,
          read(
              raw,
              "quorum",
              DeciderSettingsSet::integer,
              DeciderSettings.defaultQuorum(expectedProbers)),
          read(raw, "failback-delay", Durations::parse, defaults.failbackDelay()),
          read(raw, "failback-steps", DeciderSettingsSet::integers, defaults.failbackSteps()),
          read(raw, "failback-step-interval", Durations::parse, defaults.failbackStepInterval()),
          read(raw, "drain", Durations::parse, defaults.drain()),
          read(raw, "flap-window", Durations::parse, defaults.flapWindow()),
          read(raw, "max-failback-delay", Durations::parse, defaults.maxFailbackDelay()),
          read(raw, "standby-timeout", Durations::parse, defaults.standbyTimeout()),
          read(raw, "dry-run", DeciderSettingsSet::bool, defaults.dryRun()),
          read(raw, "max-clock-skew", Durations::parse, defaults.maxClockSkew()));
    } catch (InvalidSettingException e) {
      throw e.keyedBy(
          setting ->
              raw.containsKey(setting) ? raw.get(setting).key() : DeciderSettings.key(setting));
    }
  }

  private static <T> T read(
      Map<String, Raw> raw, String setting, Function<String, Optional<T>> parser, T fallback) {
    Raw property = raw.get(setting);
    if (property == null) {
      return fallback;
    }
    return parser
        .apply(property.value())
        .orElseThrow(
            () ->
                InvalidSettingException.literal(
                    property.key()
                        + " must be "
                        + expectation(fallback)
                        + " but was \""
                        + property.value()
                        + "\""));
  }

  /** What a value of the same type as {@code example} must look like, for messages. */
  private static String expectation(Object example) {
    if (example instanceof Duration) {
      return "a duration like 500ms, 5s, 2m, 1h or PT5S";
    }
    if (example instanceof Boolean) {
      return "true or false";
    }
    if (example instanceof List) {
      return "a comma-separated list of integers like 25,50,100";
    }
    return "an integer";
  }

  private static Optional<Integer> integer(String text) {
    try {
      return Optional.of(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<List<Integer>> integers(String text) {
    List<Integer> values = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      Optional<Integer> value = integer(part.trim());
      if (value.isEmpty()) {
        return Optional.empty();
      }
      values.add(value.get());
    }
    return Optional.of(values);
  }

  private static Optional<Boolean> bool(String text) {
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Optional.of(Boolean.parseBoolean(text));
    }
    return Optional.empty();
  }
}
