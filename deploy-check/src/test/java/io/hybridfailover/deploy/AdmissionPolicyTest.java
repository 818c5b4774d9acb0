package io.hybridfailover.deploy;

import static io.hybridfailover.deploy.Kustomize.list;
import static io.hybridfailover.deploy.Kustomize.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.NullValue;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The ValidatingAdmissionPolicies as the API server runs them: their CEL expressions, loaded from
 * the manifests under deploy/ (not copies), compiled and evaluated with the CEL reference library
 * (cel-java) against allowed and forbidden changes of the samples under deploy/samples. The
 * expressions use only portable CEL ({@code has()}, {@code all}, {@code exists}, {@code map},
 * {@code in}, {@code startsWith}, {@code size}), which Kubernetes' CEL (cel-go) evaluates the same
 * way.
 */
class AdmissionPolicyTest {

  private static final Path DEPLOY = DeployExpectations.root().resolve("deploy");
  private static final String ACTUATOR = ManifestRules.KARMADA_USER_PREFIX + "karmada-actuator";
  private static final String SWITCHER = "system:serviceaccount:hybrid-failover:traffic-switcher";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("object", SimpleType.DYN)
          .addVar("oldObject", SimpleType.DYN)
          .addVar("request", SimpleType.DYN)
          .build();

  /** A policy's compiled match conditions and validations. */
  record Policy(String name, List<CelRuntime.Program> matches, List<Check> validations) {}

  record Check(String expression, String message, CelRuntime.Program program) {}

  static Policy load(Path kustomization, String name) {
    Map<String, Object> vap =
        Kustomize.render(kustomization).objects().stream()
            .filter(o -> "ValidatingAdmissionPolicy".equals(o.get("kind")))
            .filter(o -> name.equals(path(o, "metadata", "name")))
            .findFirst()
            .orElseThrow();
    List<CelRuntime.Program> matches = new ArrayList<>();
    for (Object c : list(path(vap, "spec", "matchConditions"))) {
      matches.add(program((String) ((Map<?, ?>) c).get("expression")));
    }
    List<Check> checks = new ArrayList<>();
    for (Object v : list(path(vap, "spec", "validations"))) {
      String expression = (String) ((Map<?, ?>) v).get("expression");
      checks.add(
          new Check(expression, (String) ((Map<?, ?>) v).get("message"), program(expression)));
    }
    assertFalse(checks.isEmpty(), name + " validates something");
    return new Policy(name, matches, checks);
  }

  private static CelRuntime.Program program(String expression) {
    try {
      CelValidationResult compiled = CEL.compile(expression);
      if (compiled.hasError()) {
        throw new AssertionError(expression + ": " + compiled.getErrorString());
      }
      return CEL.createProgram(compiled.getAst());
    } catch (Exception e) {
      throw new AssertionError(expression, e);
    }
  }

  /**
   * What the API server answers: admitted when a match condition is false (the policy does not
   * apply), else only when every validation is true; an error denies (failurePolicy: Fail). Returns
   * the messages of the failed validations (empty: admitted).
   */
  static List<String> denials(
      Policy policy, String user, String operation, Object object, Object oldObject) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("object", object == null ? NullValue.NULL_VALUE : cel(object));
    vars.put("oldObject", oldObject == null ? NullValue.NULL_VALUE : cel(oldObject));
    vars.put("request", cel(Map.of("operation", operation, "userInfo", Map.of("username", user))));
    for (CelRuntime.Program match : policy.matches()) {
      if (!Boolean.TRUE.equals(eval(match, vars))) {
        return List.of();
      }
    }
    List<String> denied = new ArrayList<>();
    for (Check check : policy.validations()) {
      if (!Boolean.TRUE.equals(eval(check.program(), vars))) {
        denied.add(check.message());
      }
    }
    return denied;
  }

  private static Object eval(CelRuntime.Program program, Map<String, Object> vars) {
    try {
      return program.eval(vars);
    } catch (Exception e) {
      return e; // an error is no "true": the request is denied
    }
  }

  /** JSON values as CEL sees them: integers are int (64-bit). */
  private static Object cel(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> result = new LinkedHashMap<>();
      map.forEach((k, v) -> result.put(String.valueOf(k), cel(v)));
      return result;
    }
    if (value instanceof List<?> items) {
      return items.stream().map(AdmissionPolicyTest::cel).toList();
    }
    if (value instanceof Integer i) {
      return i.longValue();
    }
    return value;
  }

  /** A deep copy of the sample of that kind, changed by {@code change}. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> sample(
      String folder, String kind, Consumer<Map<String, Object>> change) {
    Map<String, Object> object =
        Kustomize.render(DEPLOY.resolve("samples").resolve(folder)).objects().stream()
            .filter(o -> kind.equals(o.get("kind")))
            .findFirst()
            .orElseThrow();
    Map<String, Object> copy = JSON.convertValue(object, Map.class);
    change.accept(copy);
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String... keys) {
    return (Map<String, Object>) path(o, keys);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> items(Object o, String... keys) {
    return (List<Object>) path(o, keys);
  }

  private static final Consumer<Map<String, Object>> UNCHANGED = o -> {};

  // ---- Karmada: only the placement of opted-in policies ----

  private static Policy karmada() {
    return load(
        DEPLOY.resolve("karmada-apiserver/karmada-actuator"), "hybrid-failover-karmada-actuator");
  }

  private static List<String> karmadaUpdate(Consumer<Map<String, Object>> change) {
    return karmadaUpdate(UNCHANGED, change);
  }

  private static List<String> karmadaUpdate(
      Consumer<Map<String, Object>> before, Consumer<Map<String, Object>> change) {
    Map<String, Object> old = sample("karmada", "PropagationPolicy", before);
    Map<String, Object> changed = sample("karmada", "PropagationPolicy", before.andThen(change));
    return denials(karmada(), ACTUATOR, "UPDATE", changed, old);
  }

  @Test
  void theKarmadaActuatorMayWidenThePlacementAndStampItsEpoch() {
    assertEquals(
        List.of(),
        karmadaUpdate(
            p -> {
              map(p, "spec", "placement")
                  .put("replicaScheduling", Map.of("replicaSchedulingType", "Duplicated"));
              map(p, "spec", "placement").remove("clusterTolerations");
              Map<String, Object> annotations = new LinkedHashMap<>();
              annotations.put("hybrid-failover.io/epoch", "8");
              annotations.put("hybrid-failover.io/command-id", "6f1c");
              map(p, "metadata").put("annotations", annotations);
            }));
  }

  @Test
  void theKarmadaActuatorMayChangeNothingElse() {
    assertFalse(
        karmadaUpdate(
                p ->
                    items(p, "spec", "resourceSelectors")
                        .add(Map.of("apiVersion", "v1", "kind", "Secret", "name", "db-password")))
            .isEmpty(),
        "a Secret added to the selectors");
    assertFalse(karmadaUpdate(p -> map(p, "spec").put("propagateDeps", true)).isEmpty());
    assertFalse(karmadaUpdate(p -> map(p, "spec").put("priority", 1000)).isEmpty());
    assertFalse(
        karmadaUpdate(p -> map(p, "metadata", "labels").put("team", "other")).isEmpty(), "a label");
    assertFalse(
        karmadaUpdate(
                p ->
                    map(p, "metadata").put("annotations", Map.of("kubernetes.io/description", "x")))
            .isEmpty(),
        "someone else's annotation");
    assertTrue(
        karmadaUpdate(p -> map(p, "metadata", "labels").remove("hybrid-failover.io/managed"))
            .contains("the karmada-actuator may not change labels"));
  }

  @Test
  void theKarmadaActuatorMayNotTouchAPolicyThatIsNotOptedIn() {
    List<String> denied =
        karmadaUpdate(
            p -> map(p, "metadata", "labels").remove("hybrid-failover.io/managed"),
            p ->
                map(p, "spec", "placement")
                    .put("clusterAffinity", Map.of("clusterNames", List.of("gke"))));
    assertTrue(denied.stream().anyMatch(m -> m.contains("not opted in")), denied.toString());
  }

  @Test
  void theKarmadaActuatorCreatesAndDeletesNothing() {
    Map<String, Object> policy = sample("karmada", "PropagationPolicy", UNCHANGED);
    assertFalse(denials(karmada(), ACTUATOR, "CREATE", policy, null).isEmpty());
    assertFalse(denials(karmada(), ACTUATOR, "DELETE", null, policy).isEmpty());
  }

  @Test
  void anyoneElseIsNotJudgedByThisPolicy() {
    Map<String, Object> old = sample("karmada", "PropagationPolicy", UNCHANGED);
    Map<String, Object> changed =
        sample("karmada", "PropagationPolicy", p -> map(p, "spec").put("propagateDeps", true));
    assertEquals(List.of(), denials(karmada(), "alice@example.com", "UPDATE", changed, old));
    assertFalse(denials(karmada(), ACTUATOR, "UPDATE", changed, old).isEmpty());
  }

  // ---- GKE: only the backend weights of opted-in routes ----

  private static Policy switcher() {
    return load(DEPLOY.resolve("traffic-switcher/base"), "hybrid-failover-traffic-switcher");
  }

  private static List<String> routeUpdate(
      String folder,
      String kind,
      Consumer<Map<String, Object>> before,
      Consumer<Map<String, Object>> change) {
    Map<String, Object> old = sample(folder, kind, before);
    Map<String, Object> changed = sample(folder, kind, before.andThen(change));
    return denials(switcher(), SWITCHER, "UPDATE", changed, old);
  }

  private static List<String> split(Consumer<Map<String, Object>> change) {
    return routeUpdate("linkerd-smi", "TrafficSplit", UNCHANGED, change);
  }

  private static List<String> route(Consumer<Map<String, Object>> change) {
    return routeUpdate("gateway-api", "HTTPRoute", UNCHANGED, change);
  }

  @SuppressWarnings("unchecked")
  private static void weights(List<Object> backends, long desktop, long gke) {
    for (Object b : backends) {
      Map<String, Object> backend = (Map<String, Object>) b;
      boolean isDesktop =
          "web-desktop".equals(backend.get("service")) || "web-desktop".equals(backend.get("name"));
      backend.put("weight", isDesktop ? desktop : gke);
    }
  }

  @Test
  void theSwitcherMayMoveTheWeightsOfATrafficSplit() {
    assertEquals(List.of(), split(s -> weights(items(s, "spec", "backends"), 0, 100)));
    assertEquals(
        List.of(),
        split(s -> map(s, "metadata").put("annotations", Map.of("hybrid-failover.io/epoch", "9"))));
  }

  @Test
  void theSwitcherMayChangeNothingElseOfATrafficSplit() {
    assertFalse(
        split(s -> items(s, "spec", "backends").add(Map.of("service", "evil", "weight", 100)))
            .isEmpty(),
        "a backend added");
    assertFalse(
        split(s -> map((List<?>) items(s, "spec", "backends"), 0).put("service", "evil")).isEmpty(),
        "a backend replaced");
    assertFalse(split(s -> map(s, "spec").put("service", "other")).isEmpty(), "the apex service");
    List<String> notOptedIn =
        routeUpdate(
            "linkerd-smi",
            "TrafficSplit",
            s ->
                map(s, "metadata", "labels")
                    .put("failover.linkerd.io/controlled-by", "linkerd-failover"),
            s -> weights(items(s, "spec", "backends"), 0, 100));
    assertTrue(
        notOptedIn.stream().anyMatch(m -> m.contains("not opted in")), notOptedIn.toString());
  }

  @Test
  void theSwitcherMayMoveTheWeightsOfAnHttpRoute() {
    assertEquals(
        List.of(),
        route(
            r ->
                weights(
                    items(map((List<?>) items(r, "spec", "rules"), 0), "backendRefs"), 0, 100)));
  }

  @Test
  void theSwitcherMayChangeNothingElseOfAnHttpRoute() {
    assertFalse(route(r -> map(r, "spec").put("hostnames", List.of("evil.example.com"))).isEmpty());
    assertFalse(
        route(
                r ->
                    map(r, "spec")
                        .put(
                            "parentRefs",
                            List.of(Map.of("name", "internal", "namespace", "gateway"))))
            .isEmpty(),
        "another Gateway");
    assertFalse(
        route(
                r ->
                    map((List<?>) items(r, "spec", "rules"), 0)
                        .put(
                            "filters",
                            List.of(
                                Map.of(
                                    "type",
                                    "RequestRedirect",
                                    "requestRedirect",
                                    Map.of("hostname", "evil.example.com")))))
            .isEmpty(),
        "a redirect");
    assertFalse(
        route(
                r ->
                    map(
                            (List<?>)
                                items(map((List<?>) items(r, "spec", "rules"), 0), "backendRefs"),
                            0)
                        .put("name", "evil"))
            .isEmpty(),
        "a backend replaced");
    assertFalse(
        route(
                r ->
                    items(r, "spec", "rules")
                        .add(Map.of("backendRefs", List.of(Map.of("name", "evil", "port", 80)))))
            .isEmpty(),
        "a rule added");
  }

  @Test
  void theSwitcherCreatesAndDeletesNothing() {
    Map<String, Object> route = sample("gateway-api", "HTTPRoute", UNCHANGED);
    assertFalse(denials(switcher(), SWITCHER, "CREATE", route, null).isEmpty());
    assertFalse(denials(switcher(), SWITCHER, "DELETE", null, route).isEmpty());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(List<?> list, int index) {
    return (Map<String, Object>) list.get(index);
  }
}
