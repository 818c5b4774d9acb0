package io.hybridfailover.actuation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;

/** Navigation in the untyped JSON of a custom resource, where any level may be missing. */
public final class JsonMaps {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonMaps() {}

  /** A deep copy, to compute a desired object from the current one without touching it. */
  public static GenericKubernetesResource copy(GenericKubernetesResource object) {
    return JSON.convertValue(object, GenericKubernetesResource.class);
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(GenericKubernetesResource object, String field) {
    Object value = object.getAdditionalProperties().get(field);
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Map<String, Object> parent, String field) {
    Object value = parent.get(field);
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> list(Map<String, Object> parent, String field) {
    Object value = parent.get(field);
    if (!(value instanceof List<?> list)) {
      return List.of();
    }
    return list.stream()
        .filter(Map.class::isInstance)
        .map(item -> (Map<String, Object>) item)
        .toList();
  }
}
