package io.hybridfailover.decider.core;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * The decider's value syntaxes besides durations ({@code DurationConverter}). Each converter's
 * message is {@code must be ... but was "<value>"}; {@link DeciderSettingsSet} puts the key first.
 */
public final class SettingConverters {

  private SettingConverters() {}

  /** A whole number ({@code 3}); blanks around it ignored. */
  public static final class Count implements Converter<Integer> {
    @Override
    public Integer convert(String value) {
      String text = value.trim();
      if (text.isEmpty()) {
        return null;
      }
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be an integer but was \"" + text + "\"");
      }
    }
  }

  /**
   * Only {@code true} or {@code false}, any case: SmallRye's own boolean also takes {@code yes},
   * {@code on} and {@code 1}, and would read a typo such as {@code ture} as false.
   */
  public static final class Flag implements Converter<Boolean> {
    @Override
    public Boolean convert(String value) {
      String text = value.trim();
      if (text.isEmpty()) {
        return null;
      }
      if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(text);
      }
      throw new IllegalArgumentException("must be true or false but was \"" + text + "\"");
    }
  }
}
