package io.hybridfailover.cli.live;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --for DURATION} of freeze and force: every override ends by itself, at most {@link
 * #MAXIMUM} after it is sent, unless the operator says twice that it should hold until released
 * ({@code --for none --until-released}).
 */
final class ExpiryOptions {

  /** The default and the longest {@code --for}: a forgotten override ends within a day. */
  static final Duration MAXIMUM = Duration.ofHours(24);

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      defaultValue = "24h",
      description =
          "how long the override holds before it ends by itself, as if released (default and"
              + " maximum 24h, e.g. 30m, 4h); none: until released, only with --until-released")
  String duration;

  @Option(
      names = "--until-released",
      description = "with --for none: hold until someone releases it (no expiry)")
  boolean untilReleased;

  /**
   * How long the override holds; {@code null}: until released.
   *
   * @throws LiveCommandException if the options do not make sense together
   */
  Duration lasts() {
    if (duration.strip().equalsIgnoreCase("none")) {
      if (!untilReleased) {
        throw LiveCommandException.usage(
            "--for none holds until someone releases it: say so with --until-released too");
      }
      return null;
    }
    if (untilReleased) {
      throw LiveCommandException.usage("--until-released goes with --for none only");
    }
    return parse(duration);
  }

  /** A positive duration of at most {@link #MAXIMUM}. */
  static Duration parse(String text) {
    Duration lasts;
    try {
      lasts = TimeText.parseDuration(text);
    } catch (IllegalArgumentException e) {
      throw LiveCommandException.usage("--for: " + e.getMessage());
    }
    if (lasts.isZero() || lasts.isNegative()) {
      throw LiveCommandException.usage("--for must be positive, not " + text);
    }
    if (lasts.compareTo(MAXIMUM) > 0) {
      throw LiveCommandException.usage(
          "--for "
              + text
              + " is longer than the maximum of "
              + TimeText.age(MAXIMUM)
              + ": send the override again before it ends to extend it, or use --for none"
              + " --until-released");
    }
    return lasts;
  }
}
