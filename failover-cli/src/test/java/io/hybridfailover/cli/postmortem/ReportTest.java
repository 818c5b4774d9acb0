package io.hybridfailover.cli.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.Transition;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/** {@code hybrid report}: checked structurally, never by pixels or timing. */
class ReportTest {

  private final EventCodec codec = new EventCodec();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  @Test
  void theSvgIsXmlWithOneElementPerCommandResultAndVerdictChange() throws Exception {
    List<Event<?>> events = Incidents.recordedOutage();
    Path input = dir.resolve("events.jsonl");
    Files.write(input, events.stream().map(codec::encodeToString).toList(), StandardCharsets.UTF_8);
    Path config = Incidents.productionConfig(dir);
    Path html = dir.resolve("report.html");

    int exit =
        new CommandLine(new ReportCommand())
            .setErr(new PrintWriter(err, true))
            .execute(
                "--input",
                input.toString(),
                "--config",
                config.toString(),
                "--what-if",
                "failback-delay=40s",
                "--output",
                html.toString());

    assertEquals(0, exit, err.toString());
    String page = Files.readString(html, StandardCharsets.UTF_8);
    List<String> svgs = svgs(page);
    assertEquals(1, svgs.size(), "one picture per service");
    Document svg =
        DocumentBuilderFactory.newDefaultNSInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svgs.get(0).getBytes(StandardCharsets.UTF_8)));

    assertEquals(count(events, Command.class), withClass(svg, "g", "command"));
    assertEquals(count(events, ActuationResult.class), withClass(svg, "g", "result"));
    assertEquals(count(events, Transition.class), withClass(svg, "rect", "verdict"));
    assertEquals(1, withClass(svg, "g", "r-FAILED"), "the failed result is marked");
    assertEquals(1, withClass(svg, "g", "override"));
    assertEquals(1, withClass(svg, "path", "what-if"), "the what-if routing line");
    assertEquals(1, withClass(svg, "path", "routing") - 1, "and the recorded one");
    assertTrue(withClass(svg, "line", "o-DOWN") > 0, "DOWN probes shown");

    assertTrue(page.contains("same decisions"), "the rules were replayed and agree");
    assertTrue(page.contains("time to detect"));
    assertTrue(page.contains("time to route"));
    assertTrue(page.contains("commands not applied"));
    assertTrue(page.contains("epoch 2 karmada-actuator FAILED"), "the command that did not apply");
    assertFalse(page.contains("<script"), "no script");
    assertFalse(
        Pattern.compile("src=|href=\"(?!#)|url\\(|@import").matcher(page).find(),
        "nothing fetched: no source, no link but within the page");
  }

  @Test
  void manyServicesGetAnOverviewWithTheTroubledOnesFirstAndAPictureEach() throws Exception {
    List<Event<?>> events = new ArrayList<>(Incidents.recordedOutage());
    // "bank/api" sorts first but stayed healthy: the overview lists shop/web, which moved, first.
    events.add(Incidents.calmObservation("bank/api"));
    Path input = dir.resolve("events.jsonl");
    Files.write(input, events.stream().map(codec::encodeToString).toList(), StandardCharsets.UTF_8);
    Path html = dir.resolve("report.html");

    assertEquals(
        0,
        new CommandLine(new ReportCommand())
            .setErr(new PrintWriter(err, true))
            .execute(
                "--input",
                input.toString(),
                "--config",
                Incidents.productionConfig(dir).toString(),
                "--output",
                html.toString()),
        err.toString());

    String page = Files.readString(html, StandardCharsets.UTF_8);
    assertEquals(2, svgs(page).size());
    int web = page.indexOf(">shop/web</a>");
    int api = page.indexOf(">bank/api</a>");
    assertTrue(web > 0 && api > web, "shop/web (5 moves) before bank/api (none)");
    assertTrue(page.contains("id=\"s0\"") && page.contains("id=\"s1\""), "linked sections");
  }

  @Test
  void anUnwritableOutputIsRefusedInOneLine() throws Exception {
    Path input = dir.resolve("events.jsonl");
    Files.writeString(input, "");

    int exit =
        new CommandLine(new ReportCommand())
            .setErr(new PrintWriter(err, true))
            .execute("--input", input.toString(), "--output", dir.resolve("x/r.html").toString());

    assertEquals(2, exit);
    assertEquals(1, err.toString().lines().count(), err.toString());
  }

  private static List<String> svgs(String page) {
    List<String> svgs = new ArrayList<>();
    Matcher m = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(page);
    while (m.find()) {
      svgs.add(m.group());
    }
    return svgs;
  }

  private static int withClass(Document doc, String element, String css) {
    NodeList nodes = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", element);
    int n = 0;
    for (int i = 0; i < nodes.getLength(); i++) {
      String classes = ((Element) nodes.item(i)).getAttribute("class");
      if (List.of(classes.split(" ")).contains(css)) {
        n++;
      }
    }
    return n;
  }

  private static long count(List<Event<?>> events, Class<?> type) {
    return events.stream().filter(e -> type.isInstance(e.data())).count();
  }
}
