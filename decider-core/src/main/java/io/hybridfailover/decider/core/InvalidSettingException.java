package io.hybridfailover.decider.core;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A decider setting is malformed or inconsistent. The message always names the full property key,
 * e.g. {@code hybrid.decider.fall must be >= 1 but was 0}, so an operator knows exactly what to
 * fix.
 *
 * <p>Rules that {@link DeciderSettings} checks itself are written with {@code {setting}}
 * placeholders, so that the parser can name the key the value really came from (a per-service key
 * or the global one) via {@link #keyedBy}.
 */
public final class InvalidSettingException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z-]+)}");

  /** The message with {@code {setting}} placeholders; {@code null} if it is literal. */
  private final String template;

  private InvalidSettingException(String message, String template) {
    super(message);
    this.template = template;
  }

  /** A problem whose message is already final (it names its key literally). */
  static InvalidSettingException literal(String message) {
    return new InvalidSettingException(message, null);
  }

  /** A problem with {@code {setting}} placeholders, named by their global key until re-keyed. */
  static InvalidSettingException of(String template) {
    return new InvalidSettingException(render(template, DeciderSettings::key), template);
  }

  /** The same problem, naming each setting by {@code keyOf(setting)}. */
  InvalidSettingException keyedBy(UnaryOperator<String> keyOf) {
    return template == null ? this : new InvalidSettingException(render(template, keyOf), template);
  }

  private static String render(String template, UnaryOperator<String> keyOf) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder message = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(message, Matcher.quoteReplacement(keyOf.apply(matcher.group(1))));
    }
    return matcher.appendTail(message).toString();
  }
}
