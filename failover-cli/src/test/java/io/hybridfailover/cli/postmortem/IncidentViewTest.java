package io.hybridfailover.cli.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.cli.postmortem.IncidentAnalytics.Figure;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.OverrideAction;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's view: its figures, lanes and coordinates, checked as values; then the escaping. */
class IncidentViewTest {

  private static final HtmlReport.Extras PLAIN =
      new HtmlReport.Extras("events.jsonl", "defaults", null, null, null);

  @TempDir Path dir;

  private Incident read(List<Event<?>> events) throws Exception {
    EventCodec codec = new EventCodec();
    Path file = dir.resolve("events-" + System.nanoTime() + ".jsonl");
    Files.write(file, events.stream().map(codec::encodeToString).toList(), StandardCharsets.UTF_8);
    return Incident.read(file);
  }

  private static Map<String, String> figures(IncidentView.ServiceView service) {
    Map<String, String> figures = new LinkedHashMap<>();
    for (Figure f : service.figures()) {
      figures.put(f.label(), f.value());
    }
    return figures;
  }

  @Test
  void theFiguresTimeTheOutageAndNameTheCommandThatDidNotApply() throws Exception {
    IncidentView view = IncidentView.of(read(Incidents.recordedOutage()), PLAIN);

    assertEquals(1, view.services().size());
    assertNull(view.rules(), "not replayed");
    assertTrue(view.overview().isEmpty(), "no overview for one service");
    Map<String, String> figures = figures(view.services().get(0));
    assertEquals(
        List.of(
            "desktop DOWN verdicts",
            "time to detect",
            "time to route",
            "time to recover",
            "time on GKE",
            "failback",
            "moves / flaps",
            "commands not applied"),
        List.copyOf(figures.keySet()));
    // The desktop went DOWN at T0+1s for every prober; fall 3 at 250 ms: the third DOWN at +1.5s.
    assertEquals("1: 03:00:01.500", figures.get("desktop DOWN verdicts"));
    assertEquals("0.5 s (first DOWN probe 03:00:01.000)", figures.get("time to detect"));
    assertTrue(
        figures.get("time to route").matches("decided .*, applied .* \\(epoch 1\\)"),
        figures.get("time to route"));
    assertEquals("1: epoch 2 karmada-actuator FAILED", figures.get("commands not applied"));
  }

  /**
   * A second traffic-switcher replica answers every command too, STALE (it lagged behind a newer
   * command) or FAILED: the traffic-switcher applied each one all the same, as its other replica
   * did, so only the karmada-actuator's failed epoch is not applied.
   */
  @Test
  void aCommandOneReplicaAppliedIsApplied_whatTheOthersAnswered() throws Exception {
    List<Event<?>> events = new ArrayList<>(Incidents.recordedOutage());
    for (Event<?> event : List.copyOf(events)) {
      if (event.data() instanceof Command c) {
        events.add(
            Event.of(
                c.commandId() + "-replica-2",
                "/traffic-switcher/traffic-switcher-2",
                new ActuationResult(
                    c.commandId(),
                    c.service(),
                    c.epoch(),
                    "traffic-switcher",
                    c.epoch() == 1 ? ActuationOutcome.FAILED : ActuationOutcome.STALE,
                    "r",
                    1,
                    "the other replica's answer",
                    c.issuedAt().plusMillis(60))));
      }
    }
    IncidentView view = IncidentView.of(read(events), PLAIN);

    assertEquals(
        "1: epoch 2 karmada-actuator FAILED",
        figures(view.services().get(0)).get("commands not applied"));
  }

  @Test
  void theLanesRunTopToBottomInTheirOrderAndEveryMarkIsInsideThePicture() throws Exception {
    Timeline t =
        IncidentView.of(read(Incidents.recordedOutage()), PLAIN).services().get(0).timeline();

    List<String> labels = t.lanes().stream().map(Timeline.Label::text).toList();
    assertEquals(
        List.of(
            "verdict desktop",
            "verdict gke",
            "desktop / prober-a / http",
            "desktop / prober-b / http",
            "desktop / prober-c / http",
            "gke / prober-a / http",
            "gke / prober-b / http",
            "gke / prober-c / http",
            "commands (epoch)",
            "results karmada-actuator",
            "results traffic-switcher",
            "overrides",
            "placement",
            "desktop weight %"),
        labels);
    List<Integer> ys = t.lanes().stream().map(Timeline.Label::y).toList();
    for (int i = 1; i < ys.size(); i++) {
      assertTrue(ys.get(i) > ys.get(i - 1), "lane " + labels.get(i) + " below the one above");
    }
    assertTrue(t.height() >= t.routing().top() + t.routing().height(), "the chart fits");
    assertTrue(t.routing().top() < ys.get(ys.size() - 1), "its label beside it");

    double left = Timeline.LEFT;
    double right = Timeline.WIDTH - Timeline.RIGHT;
    t.commands().forEach(c -> assertTrue(c.x() >= left && c.x() <= right, "command " + c.epoch()));
    t.results().forEach(r -> assertTrue(r.x() >= left && r.x() <= right, "result " + r.epoch()));
    assertEquals(1, t.results().stream().filter(r -> !r.applied()).count(), "one FAILED");
    assertEquals(
        "FAILED", t.results().stream().filter(r -> !r.applied()).findFirst().get().outcome());
    // The routing starts at the left edge with the desktop at 100 (the top of the chart) ...
    assertTrue(
        t.routing().path().startsWith("M210.0 " + t.routing().top() + ".0"), t.routing().path());
    // ... and the first command moved it to GKE (0 %, the bottom) where that command is drawn.
    String firstMove =
        String.format(
            java.util.Locale.ROOT,
            "H%.1fV%.1f",
            t.commands().get(0).x(),
            (double) t.routing().top() + Timeline.ROUTING_HEIGHT);
    assertTrue(t.routing().path().contains(firstMove), t.routing().path());
    assertNull(t.routing().whatIfPath(), "no what-if asked");
    assertEquals(
        List.of("PRIMARY", "GKE", "PRIMARY"),
        t.placements().stream().map(Timeline.PlacementBand::placement).toList());
  }

  @Test
  void theOverviewListsTheServicesThatMovedFirst() throws Exception {
    List<Event<?>> events = new ArrayList<>(Incidents.recordedOutage());
    events.add(Incidents.calmObservation("bank/api"));
    IncidentView view = IncidentView.of(read(events), PLAIN);

    List<IncidentView.OverviewLine> overview = view.overview();
    assertEquals(
        List.of("shop/web", "bank/api"),
        overview.stream().map(IncidentView.OverviewLine::service).toList());
    assertTrue(overview.get(0).bad(), "a command did not apply");
    assertEquals(1, overview.get(0).notApplied());
    assertEquals(0, overview.get(1).moves());
    assertEquals(24, overview.get(0).downProbes(), "8 rounds x 3 probers");
  }

  @Test
  void everyRecordedTextIsEscapedAndControlCharactersBecomeSpaces() throws Exception {
    List<Event<?>> events = new ArrayList<>(Incidents.recordedOutage());
    events.add(
        Event.of(
            "o2",
            "/hybrid",
            new OperatorOverride(
                "shop/web",
                OverrideAction.UNFREEZE,
                "done\u0007 <b>\"now\"</b> 'ok'",
                "bob",
                Incidents.T0.plusSeconds(41))));
    StringWriter page = new StringWriter();
    HtmlReport.write(read(events), PLAIN, page);

    String html = page.toString();
    assertTrue(html.contains("looking &lt;closely&gt; &amp; carefully"), "the freeze's reason");
    assertTrue(
        html.contains("done  &lt;b&gt;&quot;now&quot;&lt;/b&gt; &#39;ok&#39;"), "the unfreeze's");
    assertFalse(html.contains("<closely>") || html.contains("<b>") || html.contains("\u0007"));
  }
}
