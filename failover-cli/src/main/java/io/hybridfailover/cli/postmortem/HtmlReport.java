package io.hybridfailover.cli.postmortem;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.RawString;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateLocator.TemplateLocation;
import io.quarkus.qute.ValueResolver;
import io.quarkus.qute.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * The post-mortem as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched.
 * Per service: its headline figures, then one picture of the incident on a UTC time axis, then its
 * events as a table. What it shows is an {@link IncidentView}; how, the Qute templates next to this
 * class ({@code report.html}, {@code timeline.svg}, {@code report.css}), which escape every value
 * for HTML (and so keep the SVG well-formed XML).
 *
 * <p>Every command, result and verdict change is one SVG element ({@code g.command}, {@code
 * g.result}, {@code rect.verdict}), so the picture can be checked structurally.
 */
public final class HtmlReport {

  /**
   * What the report shows besides the recording.
   *
   * @param input the file's name, as given
   * @param settings the settings the rules were replayed with, one line
   * @param base the replay with those settings, compared with the recording (null: not replayed)
   * @param whatIfLabel the what-if settings, one line (null: no what-if)
   * @param whatIf the replay with the what-if settings (null: no what-if)
   */
  public record Extras(
      String input, String settings, Comparison base, String whatIfLabel, Comparison whatIf) {}

  private static final String TEMPLATES = "/io/hybridfailover/cli/postmortem/";

  /** Qute standalone: templates from the classpath, values read from records, HTML escaping. */
  private static final Engine ENGINE =
      Engine.builder()
          .addDefaults()
          .addValueResolver(new ReflectionValueResolver())
          // Coordinates with one decimal, whatever the locale: {x.f1}.
          .addValueResolver(
              ValueResolver.builder()
                  .applyToBaseClass(Double.class)
                  .applyToName("f1")
                  .resolveSync(c -> String.format(Locale.ROOT, "%.1f", (Double) c.getBase()))
                  .build())
          .addResultMapper(new PrintableHtmlEscaper())
          .addLocator(HtmlReport::locate)
          .build();

  private static final Template PAGE = ENGINE.getTemplate("report.html");
  private static final RawString CSS = new RawString(resource("report.css"));

  private HtmlReport() {}

  public static void write(Incident incident, Extras extras, Writer out) throws IOException {
    write(IncidentView.of(incident, extras), out);
  }

  static void write(IncidentView view, Writer out) throws IOException {
    try {
      PAGE.data("view", view)
          .data("css", CSS)
          .consume(
              chunk -> {
                try {
                  out.write(chunk);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toCompletableFuture()
          .join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw e;
    }
    out.flush();
  }

  private static Optional<TemplateLocation> locate(String id) {
    if (HtmlReport.class.getResource(TEMPLATES + id) == null) {
      return Optional.empty();
    }
    String content = resource(id);
    return Optional.of(
        new TemplateLocation() {
          @Override
          public Reader read() {
            return new StringReader(content);
          }

          @Override
          public Optional<Variant> getVariant() {
            return Optional.of(Variant.forContentType(Variant.TEXT_HTML));
          }
        });
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(TEMPLATES + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + TEMPLATES + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Qute's HTML escaping, and control characters (which XML forbids, so the SVG would not parse)
   * shown as spaces: they come from the recording (reasons, details, skipped lines).
   */
  private static final class PrintableHtmlEscaper extends HtmlEscaper {
    PrintableHtmlEscaper() {
      super(List.of(Variant.TEXT_HTML));
    }

    @Override
    protected String replacementFor(char c) {
      return c < 0x20 && c != '\t' && c != '\n' ? " " : super.replacementFor(c);
    }
  }
}
