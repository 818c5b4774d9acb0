package io.hybridfailover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules' unit tests: {@code deploy/monitoring/tests/<Alert>.yaml}, one file per alert,
 * each a {@code promtool test rules} file whose {@code rule_files} is {@code rules.yaml}: the rule
 * groups of the deployed objects, extracted here from {@code Rules} and from {@code PrometheusRule}
 * (never a hand copy). promtool runs where it is installed (Debian: the {@code prometheus} package;
 * {@code .ci/run} installs it); every alert having a firing and a quiet case is checked everywhere.
 */
class AlertRulesTest {

  private static final Path ROOT = DeployExpectations.root();
  private static final Path MONITORING = ROOT.resolve("deploy/monitoring");
  static final Path TESTS = MONITORING.resolve("tests");

  /** The name every test file gives its rules: the extracted groups are written under it. */
  static final String RULES_FILE = "rules.yaml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The alerts of each test case: firing (some expected alert) or quiet (none expected). */
  record Cases(int firing, int quiet) {}

  @Test
  void everyAlertHasAFiringAndAQuietTestCase() throws IOException {
    List<String> alerts = alertNames(rulesObject(MONITORING, "Rules"));
    assertTrue(alerts.size() >= 8, "alerts found: " + alerts);
    assertEquals(List.of(), coverageProblems(alerts, testFiles()));
  }

  @Test
  void theCoverageCheckReportsAMissingCaseAndAnUnknownAlert(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("HybridDesktopDown.yaml");
    Files.writeString(
        file,
        """
        rule_files: [rules.yaml]
        tests:
          - input_series: []
            alert_rule_test:
              - {eval_time: 1m, alertname: HybridDesktopDown, exp_alerts: []}
              - {eval_time: 1m, alertname: HybridNoSuchAlert, exp_alerts: []}
        """);
    assertEquals(
        List.of(
            "HybridDesktopDown.yaml tests HybridNoSuchAlert, which no rule defines",
            "HybridDesktopDown: no firing case (a test whose exp_alerts is not empty)",
            "HybridStandbyTimeout: no firing case (a test whose exp_alerts is not empty)",
            "HybridStandbyTimeout: no quiet case (a test whose exp_alerts is empty)"),
        coverageProblems(List.of("HybridDesktopDown", "HybridStandbyTimeout"), List.of(file)));
  }

  @Test
  void promtoolPassesEveryTestAgainstBothDeployedForms() throws Exception {
    assumeTrue(
        promtoolInstalled(),
        "promtool is not installed, so the alert rules' unit tests are skipped; install it with"
            + " `sudo apt-get install prometheus` (Debian/Ubuntu), as .ci/run does");
    Map<String, Map<String, Object>> forms = new LinkedHashMap<>();
    forms.put("gmp-rules", rulesObject(MONITORING, "Rules"));
    forms.put(
        "prometheus-operator",
        rulesObject(MONITORING.resolve("prometheus-operator"), "PrometheusRule"));
    List<Path> tests = testFiles();
    for (Map.Entry<String, Map<String, Object>> form : forms.entrySet()) {
      Path dir = ROOT.resolve("deploy-check/target/alert-tests").resolve(form.getKey());
      Files.createDirectories(dir);
      YAML.writeValue(dir.resolve(RULES_FILE).toFile(), ruleGroups(form.getValue()));
      List<String> command = new ArrayList<>(List.of("promtool", "test", "rules"));
      for (Path test : tests) {
        Path copy = dir.resolve(test.getFileName());
        Files.copy(test, copy, StandardCopyOption.REPLACE_EXISTING);
        command.add(copy.getFileName().toString());
      }
      Process process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "promtool finished");
      assertEquals(
          0,
          process.exitValue(),
          form.getKey() + ": promtool test rules (in " + dir + ") said:\n" + output);
    }
  }

  /** What is wrong with the test files' coverage of {@code alerts}: one line each. */
  static List<String> coverageProblems(List<String> alerts, List<Path> files) {
    List<String> problems = new ArrayList<>();
    Map<String, Cases> cases = new TreeMap<>();
    for (Path file : files) {
      Map<String, Object> test = Kustomize.load(file).get(0);
      if (!List.of(RULES_FILE).equals(test.get("rule_files"))) {
        problems.add(file.getFileName() + ": rule_files must be [" + RULES_FILE + "]");
      }
      for (Object group : Kustomize.list(test.get("tests"))) {
        for (Object one : Kustomize.list(((Map<?, ?>) group).get("alert_rule_test"))) {
          Map<?, ?> check = (Map<?, ?>) one;
          String alert = String.valueOf(check.get("alertname"));
          if (!alerts.contains(alert)) {
            problems.add(file.getFileName() + " tests " + alert + ", which no rule defines");
            continue;
          }
          boolean firing = !Kustomize.list(check.get("exp_alerts")).isEmpty();
          Cases before = cases.getOrDefault(alert, new Cases(0, 0));
          cases.put(
              alert,
              firing
                  ? new Cases(before.firing() + 1, before.quiet())
                  : new Cases(before.firing(), before.quiet() + 1));
        }
      }
    }
    for (String alert : alerts) {
      Cases c = cases.getOrDefault(alert, new Cases(0, 0));
      if (c.firing() == 0) {
        problems.add(alert + ": no firing case (a test whose exp_alerts is not empty)");
      }
      if (c.quiet() == 0) {
        problems.add(alert + ": no quiet case (a test whose exp_alerts is empty)");
      }
    }
    return problems;
  }

  static List<Path> testFiles() throws IOException {
    try (Stream<Path> files = Files.list(TESTS)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  /** A plain Prometheus rules file: the {@code spec.groups} of a Rules or PrometheusRule. */
  static Map<String, Object> ruleGroups(Map<String, Object> rulesObject) {
    return Map.of("groups", Kustomize.path(rulesObject, "spec", "groups"));
  }

  static List<String> alertNames(Map<String, Object> rulesObject) {
    List<String> names = new ArrayList<>();
    for (Object group : Kustomize.list(Kustomize.path(rulesObject, "spec", "groups"))) {
      for (Object rule : Kustomize.list(((Map<?, ?>) group).get("rules"))) {
        Object alert = ((Map<?, ?>) rule).get("alert");
        if (alert != null) {
          names.add(String.valueOf(alert));
        }
      }
    }
    return names;
  }

  private static Map<String, Object> rulesObject(Path kustomization, String kind) {
    return Kustomize.render(kustomization).objects().stream()
        .filter(o -> kind.equals(o.get("kind")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(kustomization + " renders no " + kind));
  }

  static boolean promtoolInstalled() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "promtool"))) {
        return true;
      }
    }
    return false;
  }
}
