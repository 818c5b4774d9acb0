package io.hybridfailover.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the features deploy/ uses:
 * {@code resources} (files and kustomization folders), {@code components}, {@code patches}
 * (strategic merge by kind and name, or onto every object a {@code target} of kind and label
 * selector picks; lists of named items merged by name) and {@code images} (tag or digest, in
 * containers and init containers). Anything else in a kustomization is an error, so nothing is
 * silently left unrendered. A real kustomize is not something every developer and CI has; {@code
 * KustomizeAgreementTest} compares this walker with {@code kubectl kustomize} wherever kubectl is
 * installed.
 */
final class Kustomize {

  private static final Set<String> KNOWN_KEYS =
      Set.of("apiVersion", "kind", "resources", "components", "patches", "images");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The objects of one kustomization and every file they came from. */
  record Rendered(Path dir, List<Map<String, Object>> objects, Set<Path> files) {}

  private Kustomize() {}

  static Rendered render(Path dir) {
    Set<Path> files = new LinkedHashSet<>();
    List<Map<String, Object>> objects = build(dir.normalize(), files, "Kustomization");
    return new Rendered(dir.normalize(), objects, files);
  }

  /** Every object of a multi-document YAML file; empty documents are skipped. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> load(Path file) {
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      List<Map<String, Object>> docs = new ArrayList<>();
      var values = YAML.readValues(parser, Object.class);
      while (values.hasNextValue()) {
        Object doc = values.nextValue();
        if (doc instanceof Map<?, ?> map) {
          docs.add((Map<String, Object>) map);
        } else if (doc != null) {
          throw new IllegalArgumentException(file + ": a document is not an object: " + doc);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }

  private static List<Map<String, Object>> build(Path dir, Set<Path> files, String expectedKind) {
    Path file = dir.resolve("kustomization.yaml");
    files.add(file);
    Map<String, Object> k = single(file);
    if (!expectedKind.equals(k.get("kind"))) {
      throw new IllegalArgumentException(file + ": kind must be " + expectedKind);
    }
    for (String key : k.keySet()) {
      if (!KNOWN_KEYS.contains(key)) {
        throw new IllegalArgumentException(file + ": the walker does not render \"" + key + "\"");
      }
    }
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object resource : list(k.get("resources"))) {
      Path path = dir.resolve((String) resource).normalize();
      if (Files.isDirectory(path)) {
        objects.addAll(build(path, files, "Kustomization"));
      } else {
        files.add(path);
        objects.addAll(load(path));
      }
    }
    for (Object component : list(k.get("components"))) {
      Path path = dir.resolve((String) component).normalize();
      // A component's resources join ours, then its patches and images apply to all of them.
      List<Map<String, Object>> own = build(path, files, "Component");
      objects.addAll(own);
      transform(path, single(path.resolve("kustomization.yaml")), objects, files);
    }
    if (expectedKind.equals("Kustomization")) {
      // A component's own transformations apply to its parent's objects: see above.
      transform(dir, k, objects, files);
    }
    return objects;
  }

  private static void transform(
      Path dir, Map<String, Object> k, List<Map<String, Object>> objects, Set<Path> files) {
    for (Object entry : list(k.get("patches"))) {
      Map<?, ?> patchRef = (Map<?, ?>) entry;
      Map<?, ?> selector = (Map<?, ?>) patchRef.get("target");
      if (!patchRef.containsKey("path")
          || patchRef.size() != (selector == null ? 1 : 2)
          || (selector != null
              && !Set.of("kind", "labelSelector")
                  .containsAll(selector.keySet().stream().toList()))) {
        throw new IllegalArgumentException(
            dir
                + ": only patches with a path (and a target of kind and labelSelector) are rendered");
      }
      Path path = dir.resolve((String) patchRef.get("path")).normalize();
      files.add(path);
      for (Map<String, Object> patch : load(path)) {
        List<Integer> targets = new ArrayList<>();
        if (selector == null) {
          int target = find(objects, patch);
          if (target >= 0) {
            targets.add(target);
          }
        } else {
          for (int i = 0; i < objects.size(); i++) {
            if (selected(objects.get(i), selector)) {
              targets.add(i);
            }
          }
        }
        if (targets.isEmpty()) {
          throw new IllegalArgumentException(path + ": patch matches no object");
        }
        for (int target : targets) {
          Map<String, Object> onto = new LinkedHashMap<>(patch);
          if (selector != null && patch.get("metadata") instanceof Map<?, ?> meta) {
            // A targeted patch's name and namespace are ignored: each target keeps its own.
            Map<Object, Object> rest = new LinkedHashMap<>(meta);
            rest.remove("name");
            rest.remove("namespace");
            onto.put("metadata", rest);
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> merged = (Map<String, Object>) merge(objects.get(target), onto);
          objects.set(target, merged);
        }
      }
    }
    for (Object entry : list(k.get("images"))) {
      Map<?, ?> image = (Map<?, ?>) entry;
      for (Map<String, Object> object : objects) {
        List<Map<String, Object>> all = new ArrayList<>(containers(object));
        all.addAll(initContainers(object));
        for (Map<String, Object> container : all) {
          String ref = (String) container.get("image");
          int colon = ref.lastIndexOf(':');
          String name = colon > ref.lastIndexOf('/') ? ref.substring(0, colon) : ref;
          String tag = colon > ref.lastIndexOf('/') ? ref.substring(colon + 1) : null;
          if (name.equals(image.get("name"))) {
            String newName = (String) Objects.requireNonNullElse(image.get("newName"), name);
            Object newTag = Objects.requireNonNullElse(image.get("newTag"), tag);
            Object digest = image.get("digest");
            container.put(
                "image",
                digest != null
                    ? newName + "@" + digest
                    : newTag == null ? newName : newName + ":" + newTag);
          }
        }
      }
    }
  }

  /** The containers of a workload's pod template (none for other kinds). */
  @SuppressWarnings("unchecked")
  /** The pod spec of a workload: a bare Pod's own, else its template's. */
  static Object podSpec(Map<String, Object> object) {
    return "Pod".equals(object.get("kind"))
        ? path(object, "spec")
        : path(object, "spec", "template", "spec");
  }

  static List<Map<String, Object>> containers(Map<String, Object> object) {
    Object spec = podSpec(object);
    if (!(spec instanceof Map<?, ?> podSpec)) {
      return List.of();
    }
    List<Map<String, Object>> all = new ArrayList<>();
    for (Object c : list(podSpec.get("containers"))) {
      all.add((Map<String, Object>) c);
    }
    return all;
  }

  /** The init containers of a workload's pod template (none for other kinds). */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> initContainers(Map<String, Object> object) {
    List<Map<String, Object>> all = new ArrayList<>();
    for (Object c : list(path(object, "spec", "template", "spec", "initContainers"))) {
      all.add((Map<String, Object>) c);
    }
    return all;
  }

  /** A patch target: the kind, and every {@code key=value} of a label selector. */
  private static boolean selected(Map<String, Object> object, Map<?, ?> target) {
    if (target.get("kind") != null && !target.get("kind").equals(object.get("kind"))) {
      return false;
    }
    Object selector = target.get("labelSelector");
    if (selector == null) {
      return true;
    }
    Map<?, ?> labels =
        (Map<?, ?>) Objects.requireNonNullElse(path(object, "metadata", "labels"), Map.of());
    for (String term : String.valueOf(selector).split(",")) {
      String[] kv = term.trim().split("=", 2);
      if (kv.length != 2 || !kv[1].equals(labels.get(kv[0]))) {
        return false;
      }
    }
    return true;
  }

  static Object path(Object node, String... keys) {
    for (String key : keys) {
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = map.get(key);
    }
    return node;
  }

  static List<?> list(Object value) {
    return value == null ? List.of() : (List<?>) value;
  }

  private static int find(List<Map<String, Object>> objects, Map<String, Object> patch) {
    for (int i = 0; i < objects.size(); i++) {
      Map<String, Object> o = objects.get(i);
      if (Objects.equals(o.get("kind"), patch.get("kind"))
          && Objects.equals(path(o, "metadata", "name"), path(patch, "metadata", "name"))
          && (path(patch, "metadata", "namespace") == null
              || Objects.equals(
                  path(o, "metadata", "namespace"), path(patch, "metadata", "namespace")))) {
        return i;
      }
    }
    return -1;
  }

  /** Strategic merge as kustomize does it for our patches: maps deep, named lists by name. */
  @SuppressWarnings("unchecked")
  static Object merge(Object base, Object patch) {
    if (base instanceof Map<?, ?> b && patch instanceof Map<?, ?> p) {
      Map<String, Object> result = new LinkedHashMap<>((Map<String, Object>) b);
      p.forEach(
          (key, value) -> {
            if (value == null) {
              result.remove(key);
            } else {
              result.put((String) key, merge(result.get(key), value));
            }
          });
      return result;
    }
    if (base instanceof List<?> b && patch instanceof List<?> p && named(b) && named(p)) {
      List<Object> result = new ArrayList<>(b);
      for (Object item : p) {
        Object name = ((Map<?, ?>) item).get("name");
        int at = -1;
        for (int i = 0; i < result.size(); i++) {
          if (name.equals(((Map<?, ?>) result.get(i)).get("name"))) {
            at = i;
          }
        }
        if (at >= 0) {
          result.set(at, merge(result.get(at), item));
        } else {
          result.add(item);
        }
      }
      return result;
    }
    return patch;
  }

  private static boolean named(List<?> items) {
    return items.stream().allMatch(i -> i instanceof Map<?, ?> m && m.get("name") != null);
  }

  private static Map<String, Object> single(Path file) {
    List<Map<String, Object>> docs = load(file);
    if (docs.size() != 1) {
      throw new IllegalArgumentException(file + ": expected one document");
    }
    return docs.get(0);
  }
}
