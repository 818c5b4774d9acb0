package io.hybridfailover.devstack.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hybridfailover.cli.postmortem.PostMortem;
import io.hybridfailover.devstack.drill.Figures;
import io.hybridfailover.devstack.drill.OperatorFigures;
import io.hybridfailover.devstack.drill.PracticeFigures;
import io.hybridfailover.devstack.drill.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What a drill leaves behind under {@code target/drill/}: its events exported and replayed with the
 * report page ({@code <drill>/events.jsonl}, {@code <drill>/report.html}), its figures and verdict
 * ({@code <drill>.json}), and for {@code --all} every drill side by side ({@code summary.json}).
 */
public final class PostMortemWriter {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path drills;

  /** Writes under {@code <root>/target/drill}. */
  public PostMortemWriter(Path root) {
    this.drills = root.resolve("target").resolve("drill");
  }

  /**
   * Before the broker stops: the drill's events exported as {@code hybrid export} does, the rules
   * replayed on them as {@code hybrid replay --compare} does, and the page of {@code hybrid
   * report}. A failure here is reported and does not fail the drill.
   */
  Optional<PostMortem.Written> exportAndReplay(
      String bootstrap, Path deciderConfig, Path work, Instant from, DrillConsole console) {
    Properties client = new Properties();
    client.setProperty("bootstrap.servers", bootstrap);
    try {
      PostMortem.Written written =
          PostMortem.write(
              client,
              from,
              Instant.now().plusSeconds(1),
              List.of(deciderConfig),
              work.resolve("events.jsonl"),
              work.resolve("report.html"));
      console.postMortem(written);
      return Optional.of(written);
    } catch (Exception e) {
      console.say("post-mortem not written: " + e);
      return Optional.empty();
    }
  }

  /** {@code <drill>.json}: the figures, the other figures there are, the settle and the verdict. */
  Path writeFigures(
      Figures figures,
      Optional<OperatorFigures> operator,
      Optional<PracticeFigures> practice,
      Settled settled,
      DrillVerdict verdict)
      throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> report = JSON.convertValue(figures, LinkedHashMap.class);
    operator.ifPresent(o -> report.put("operator", JSON.convertValue(o, LinkedHashMap.class)));
    practice.ifPresent(p -> report.put("practice", JSON.convertValue(p, LinkedHashMap.class)));
    report.put("settle", JSON.convertValue(settled, LinkedHashMap.class));
    if (verdict.alerts() != null) {
      report.put("alerts", verdict.alerts());
    }
    report.put("expectations", verdict.checks());
    report.put("passed", verdict.passed());
    Path file = drills.resolve(figures.drill() + ".json");
    Files.createDirectories(file.getParent());
    JSON.writeValue(file.toFile(), report);
    return file;
  }

  /** {@code summary.json}: every drill of {@code --all} side by side. */
  public Path writeSummary(List<Summary.Line> lines) throws IOException {
    Path file = drills.resolve("summary.json");
    Files.createDirectories(file.getParent());
    JSON.writeValue(file.toFile(), Summary.json(lines));
    return file;
  }
}
