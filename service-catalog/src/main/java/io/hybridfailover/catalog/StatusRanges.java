package io.hybridfailover.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * HTTP status codes that count as UP, written like {@code 200-399} or {@code 200,204,301-302}.
 *
 * @param text the canonical spelling, used in probe details ({@code expected 200-399})
 */
public record StatusRanges(List<Range> ranges, String text) {

  /** The default: any success or redirect. */
  public static final StatusRanges SUCCESS_OR_REDIRECT = parse("200-399");

  /** Inclusive range of status codes. */
  public record Range(int from, int to) {}

  public StatusRanges {
    ranges = List.copyOf(ranges);
  }

  /**
   * @throws IllegalArgumentException saying what is wrong, for a message that names the key
   */
  public static StatusRanges parse(String text) {
    List<Range> ranges = new ArrayList<>();
    List<String> canonical = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String item = part.trim();
      String[] bounds = item.split("-", -1);
      if (bounds.length > 2) {
        throw invalid(text);
      }
      int from = code(bounds[0].trim(), text);
      int to = bounds.length == 2 ? code(bounds[1].trim(), text) : from;
      if (from > to) {
        throw new IllegalArgumentException(
            "range " + item + " is empty: " + from + " is greater than " + to);
      }
      ranges.add(new Range(from, to));
      canonical.add(from == to ? Integer.toString(from) : from + "-" + to);
    }
    return new StatusRanges(ranges, String.join(",", canonical));
  }

  public boolean contains(int status) {
    for (Range range : ranges) {
      if (status >= range.from() && status <= range.to()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return text;
  }

  private static int code(String digits, String text) {
    if (!digits.matches("\\d{3}")) {
      throw invalid(text);
    }
    int code = Integer.parseInt(digits);
    if (code < 100 || code > 599) {
      throw new IllegalArgumentException(
          "status " + code + " is not an HTTP status code (100-599)");
    }
    return code;
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "must be status codes or ranges such as 200-399 or 200,204 but was \"" + text + "\"");
  }
}
