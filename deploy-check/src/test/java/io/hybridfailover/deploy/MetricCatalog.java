package io.hybridfailover.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus metric names the services expose, as Quarkus' Micrometer registry writes them: the
 * meters each service registers in its own code (found in its sources: {@code Counter.builder(X)},
 * {@code registry.counter(X)}, {@code Metrics.counter(X)}..., {@code X} a string or a constant of
 * the service), named the Prometheus way (dots to underscores; counters {@code _total}; timers
 * {@code _seconds} with {@code _count}, {@code _sum}, {@code _max}, {@code _bucket}). What Kafka's
 * clients expose through Micrometer is scraped from a real run instead ({@code MonitoringTest}).
 */
final class MetricCatalog {

  private static final Pattern BUILDER =
      Pattern.compile(
          "\\b(Timer|Counter|Gauge|FunctionCounter|DistributionSummary)\\s*\\.\\s*builder\\(\\s*([A-Za-z_.]+|\"[^\"]+\")");
  private static final Pattern SHORTHAND =
      Pattern.compile(
          "\\b(?:registry|Metrics)\\s*\\.\\s*(counter|timer|gauge|summary)\\(\\s*([A-Za-z_.]+|\"[^\"]+\")");
  private static final Pattern CONSTANT =
      Pattern.compile("static\\s+final\\s+String\\s+([A-Z_][A-Z0-9_]*)\\s*=\\s*\"([^\"]+)\"");

  private MetricCatalog() {}

  /** Every Prometheus series name the service's own meters produce. */
  static Set<String> ofService(Path serviceRoot) {
    List<String> sources = sources(serviceRoot.resolve("src/main/java"));
    Map<String, String> constants = new HashMap<>();
    for (String source : sources) {
      Matcher m = CONSTANT.matcher(source);
      while (m.find()) {
        constants.put(m.group(1), m.group(2));
      }
    }
    Set<String> names = new TreeSet<>();
    for (String source : sources) {
      for (Pattern pattern : List.of(BUILDER, SHORTHAND)) {
        Matcher m = pattern.matcher(source);
        while (m.find()) {
          String name = resolve(m.group(2), constants);
          if (name != null) {
            names.addAll(prometheus(kind(m.group(1)), name));
          }
        }
      }
    }
    return names;
  }

  private static String kind(String meter) {
    return switch (meter) {
      case "Counter", "FunctionCounter", "counter" -> "counter";
      case "Timer", "timer" -> "timer";
      case "DistributionSummary", "summary" -> "summary";
      default -> "gauge";
    };
  }

  private static String resolve(String argument, Map<String, String> constants) {
    if (argument.startsWith("\"")) {
      return argument.substring(1, argument.length() - 1);
    }
    String constant = argument.substring(argument.lastIndexOf('.') + 1);
    return constants.get(constant);
  }

  /** The series a meter of {@code kind} named {@code name} shows as on {@code /q/metrics}. */
  static List<String> prometheus(String kind, String name) {
    String base = name.replace('.', '_').replace('-', '_');
    return switch (kind) {
      case "counter" -> List.of(base.endsWith("_total") ? base : base + "_total");
      case "timer" ->
          Stream.of("_count", "_sum", "_max", "_bucket").map(s -> base + "_seconds" + s).toList();
      case "summary" -> Stream.of("_count", "_sum", "_max", "_bucket").map(s -> base + s).toList();
      default -> List.of(base);
    };
  }

  /** The metric names in a scrape (Prometheus text format). */
  static Set<String> ofScrape(String scrape) {
    Set<String> names = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = 0;
      while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
        end++;
      }
      names.add(line.substring(0, end));
    }
    return names;
  }

  private static List<String> sources(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> p.toString().endsWith(".java"))
          .map(
              p -> {
                try {
                  return Files.readString(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
