package io.hybridfailover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services' Kafka client settings (the ConfigMap of deploy/kafka) read the SCRAM credential
 * from the mounted KafkaUser Secret, never from the environment: Quarkus' configuration (SmallRye
 * Config, as it reads the file from QUARKUS_CONFIG_LOCATIONS) hands the {@code ${dir:...}}
 * reference to the Kafka client unexpanded, and the Kafka client (the connector's, and Kafka
 * Streams') resolves it from the file with its DirectoryConfigProvider.
 */
class KafkaClientConfigTest {

  private static final String MOUNT = "/etc/hybrid-failover/kafka-user";
  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"prober-1\""
          + " password=\"s3cret\";";

  @TempDir Path secret;

  /** The ConfigMap's properties, the Secret's mount path replaced by a directory of this test. */
  private SmallRyeConfig quarkusConfig() throws Exception {
    Files.writeString(secret.resolve("sasl.jaas.config"), JAAS);
    Files.writeString(secret.resolve("password"), "s3cret");
    Map<String, Object> configMap =
        Kustomize.render(DeployExpectations.root().resolve("deploy/kafka")).objects().stream()
            .filter(o -> "ConfigMap".equals(o.get("kind")))
            .filter(
                o -> "hybrid-failover-kafka-client".equals(Kustomize.path(o, "metadata", "name")))
            .findFirst()
            .orElseThrow();
    String text = (String) Kustomize.path(configMap, "data", "kafka-client.properties");
    assertTrue(text.contains(MOUNT), "the Secret's mount path");
    assertFalse(text.contains("KAFKA_SASL_JAAS_CONFIG"), "no password from the environment");
    Properties props = new Properties();
    props.load(new StringReader(text.replace(MOUNT, secret.toString())));
    Map<String, String> values = new TreeMap<>();
    props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k)));
    // As Quarkus builds it: with the default interceptors, which expand ${...} expressions.
    return new SmallRyeConfigBuilder()
        .addDefaultInterceptors()
        .withSources(new PropertiesConfigSource(values, "kafka-client.properties", 250))
        .build();
  }

  /** What Quarkus hands a Kafka client: the values under a prefix, expanded by SmallRye Config. */
  private static Map<String, Object> clientConfig(SmallRyeConfig config, String prefix) {
    Map<String, Object> client = new HashMap<>();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith(prefix)) {
        client.put(name.substring(prefix.length()), config.getValue(name, String.class));
      }
    }
    return client;
  }

  @Test
  void theConnectorsClientReadsThePasswordFromTheMountedSecret() throws Exception {
    Map<String, Object> client = clientConfig(quarkusConfig(), "kafka.");
    assertEquals(
        "${dir:" + secret + ":sasl.jaas.config}",
        client.get(SaslConfigs.SASL_JAAS_CONFIG),
        "Quarkus leaves the reference to the Kafka client");
    client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9093");
    AdminClientConfig kafka = new AdminClientConfig(client);
    assertEquals(JAAS, kafka.getPassword(SaslConfigs.SASL_JAAS_CONFIG).value());
    assertEquals("SASL_SSL", kafka.getString("security.protocol"));
  }

  @Test
  void kafkaStreamsReadsThePasswordFromTheMountedSecret() throws Exception {
    Map<String, Object> client = clientConfig(quarkusConfig(), "kafka-streams.");
    client.put(StreamsConfig.APPLICATION_ID_CONFIG, "failover-decider");
    client.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9093");
    StreamsConfig streams = new StreamsConfig(client);
    assertEquals(
        JAAS,
        String.valueOf(
            streams.getMainConsumerConfigs("g", "c", 0).get(SaslConfigs.SASL_JAAS_CONFIG)));
    assertEquals(
        JAAS, String.valueOf(streams.getProducerConfigs("p").get(SaslConfigs.SASL_JAAS_CONFIG)));
  }
}
