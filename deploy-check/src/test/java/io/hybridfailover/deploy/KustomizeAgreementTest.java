package io.hybridfailover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Where kubectl is installed (Debian: kubernetes-client), the walker must render every
 * kustomization exactly as {@code kubectl kustomize} does, up to the order of objects and of named
 * list items (env, volumes), which Kubernetes does not care about.
 */
@EnabledIf("kubectlInstalled")
class KustomizeAgreementTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static boolean kubectlInstalled() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl"))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void theWalkerRendersLikeKubectlKustomize() throws Exception {
    for (Path dir :
        DeployExpectations.kustomizations(DeployExpectations.root().resolve("deploy"))) {
      List<Object> ours = canonical(Kustomize.render(dir).objects());
      List<Object> kubectl = canonical(kubectlKustomize(dir));
      assertEquals(kubectl, ours, dir.toString());
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> kubectlKustomize(Path dir) throws Exception {
    Process process =
        new ProcessBuilder("kubectl", "kustomize", dir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("kubectl kustomize " + dir + " failed");
    }
    List<Map<String, Object>> docs = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(new String(out, StandardCharsets.UTF_8))) {
      var values = YAML.readValues(parser, Map.class);
      while (values.hasNextValue()) {
        docs.add(values.nextValue());
      }
    }
    return docs;
  }

  private static List<Object> canonical(List<Map<String, Object>> objects) {
    List<Object> sorted = new ArrayList<>();
    objects.forEach(o -> sorted.add(canonicalValue(o)));
    sorted.sort(Comparator.comparing(String::valueOf));
    return sorted;
  }

  private static Object canonicalValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> result = new java.util.TreeMap<>();
      map.forEach((k, v) -> result.put(String.valueOf(k), canonicalValue(v)));
      return result;
    }
    if (value instanceof List<?> list) {
      List<Object> result = new ArrayList<>();
      list.forEach(v -> result.add(canonicalValue(v)));
      if (list.stream().allMatch(i -> i instanceof Map<?, ?> m && m.get("name") != null)) {
        result.sort(Comparator.comparing(i -> String.valueOf(((Map<?, ?>) i).get("name"))));
      }
      return result;
    }
    // YAML scalars: kustomize may print a number or boolean the same way either side.
    return value == null ? null : String.valueOf(value);
  }
}
