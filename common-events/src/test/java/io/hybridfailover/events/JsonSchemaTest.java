package io.hybridfailover.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The published JSON Schemas agree with what the codec writes and rejects. */
class JsonSchemaTest {

  static final List<Event<?>> EXAMPLES = Examples.all();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private final EventCodec codec = new EventCodec();

  @ParameterizedTest
  @FieldSource("EXAMPLES")
  void theSchemaIsAValidDraft202012Schema(Event<?> example) throws IOException {
    JsonSchema metaSchema =
        FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    assertEquals(Set.of(), metaSchema.validate(schemaJson(example.type())));
  }

  @Test
  void theMetaSchemaCheckCatchesABrokenSchema() throws IOException {
    JsonSchema metaSchema =
        FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    assertFalse(metaSchema.validate(JSON.readTree("{\"type\":5,\"required\":\"x\"}")).isEmpty());
  }

  @ParameterizedTest
  @FieldSource("EXAMPLES")
  void whatTheCodecWritesMatchesTheSchema(Event<?> example) throws IOException {
    assertEquals(Set.of(), schema(example.type()).validate(dataOf(example)));
  }

  @Test
  void optionalFieldsMayBeLeftOutAndUnknownOnesAdded() throws IOException {
    for (Event<?> example : EXAMPLES) {
      ObjectNode data = dataOf(example);
      data.remove(List.of("detail", "target", "causedBy", "votes", "expiresAt"));
      data.put("addedInALaterMinorVersion", true);

      assertEquals(Set.of(), schema(example.type()).validate(data), example.type().name());
    }
  }

  static Stream<Arguments> invalidData() {
    return Stream.of(
        argumentSet("missing field", Examples.command(), change(d -> d.remove("epoch")), "epoch"),
        argumentSet("epoch 0", Examples.command(), change(d -> d.put("epoch", 0)), "epoch"),
        argumentSet(
            "weight over 100",
            Examples.state(),
            change(d -> d.putObject("routing").put("desktop", 0).put("gke", 150)),
            "gke"),
        argumentSet(
            "unknown outcome",
            Examples.observation(),
            change(d -> d.put("outcome", "SIDEWAYS")),
            "outcome"),
        argumentSet(
            "cluster in upper case",
            Examples.transition(),
            change(d -> d.put("cluster", "DESKTOP")),
            "cluster"),
        argumentSet(
            "timestamp with another offset",
            Examples.actuationResult(),
            change(d -> d.put("completedAt", "2026-11-23T11:15:03.120+01:00")),
            "completedAt"),
        argumentSet(
            "service id without namespace",
            Examples.override(),
            change(d -> d.put("service", "web")),
            "service"),
        argumentSet(
            "all services for an http check",
            Examples.observation(),
            change(d -> d.put("service", "*")),
            "service"),
        argumentSet(
            "one service for a karmada-cluster check",
            Examples.observation(),
            change(d -> d.put("check", "karmada-cluster")),
            "service"),
        argumentSet(
            "unknown vote",
            Examples.transition(),
            change(d -> d.putObject("votes").put("prober-a", "MAYBE")),
            "prober-a"),
        argumentSet(
            "expiry of a release",
            Examples.override(),
            change(d -> d.put("action", "RELEASE")),
            "expiresAt"),
        argumentSet(
            "health of an unknown cluster",
            Examples.state(),
            change(d -> d.putObject("health").put("moon", "UP")),
            "moon"));
  }

  @ParameterizedTest
  @MethodSource("invalidData")
  void invalidDataFailsTheSchemaAndTheCodecAlike(
      Event<?> example, Consumer<ObjectNode> breakIt, String field) throws IOException {
    ObjectNode data = dataOf(example);
    breakIt.accept(data);

    Set<ValidationMessage> errors = schema(example.type()).validate(data);

    assertFalse(errors.isEmpty(), "the schema accepted " + data);
    assertTrue(errors.toString().contains(field), errors.toString());
    String codecMessage = ValidationTest.rejection(example, root -> root.set("data", data));
    assertTrue(codecMessage.startsWith("data."), codecMessage);
  }

  private ObjectNode dataOf(Event<?> event) throws IOException {
    return (ObjectNode) JSON.readTree(codec.encode(event)).get("data");
  }

  private static JsonSchema schema(EventType type) throws IOException {
    return FACTORY.getSchema(schemaJson(type));
  }

  private static JsonNode schemaJson(EventType type) throws IOException {
    try (InputStream in = EventType.class.getResourceAsStream(type.schemaResource())) {
      assertNotNull(in, type.schemaResource());
      return JSON.readTree(in);
    }
  }

  private static Consumer<ObjectNode> change(Consumer<ObjectNode> change) {
    return change;
  }
}
