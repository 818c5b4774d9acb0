package io.hybridfailover.cli.live;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where the commands that talk to Kafka (the live ones and {@code export}) find it: {@code
 * --bootstrap} and {@code --command-config} (Kafka client properties such as {@code
 * security.protocol}, {@code ssl.*}, {@code sasl.*}), or the environment ({@code HYBRID_BOOTSTRAP},
 * {@code HYBRID_COMMAND_CONFIG}). Options win over the environment, and {@code --bootstrap} over a
 * {@code bootstrap.servers} in the file.
 */
public final class KafkaOptions {

  static final String BOOTSTRAP_ENV = "HYBRID_BOOTSTRAP";
  static final String COMMAND_CONFIG_ENV = "HYBRID_COMMAND_CONFIG";

  @Option(
      names = "--bootstrap",
      paramLabel = "HOST:PORT[,HOST:PORT...]",
      defaultValue = "${env:" + BOOTSTRAP_ENV + "}",
      description = "Kafka bootstrap servers (default: $" + BOOTSTRAP_ENV + ")")
  String bootstrap;

  @Option(
      names = "--command-config",
      paramLabel = "FILE",
      defaultValue = "${env:" + COMMAND_CONFIG_ENV + "}",
      description =
          "Kafka client properties (TLS, SASL), as for kafka-console-consumer.sh"
              + " (default: $"
              + COMMAND_CONFIG_ENV
              + ")")
  Path commandConfig;

  /**
   * The client properties: the file's, then the bootstrap servers.
   *
   * @throws LiveCommandException (usage) without bootstrap servers or with an unreadable file
   */
  public Properties clientProperties() {
    Properties properties = new Properties();
    if (commandConfig != null) {
      try (Reader reader = Files.newBufferedReader(commandConfig, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException e) {
        throw LiveCommandException.usage(
            "--command-config " + commandConfig + ": cannot read it: " + e.getMessage());
      }
    }
    if (bootstrap != null && !bootstrap.isBlank()) {
      properties.setProperty("bootstrap.servers", bootstrap.strip());
    }
    if (properties.getProperty("bootstrap.servers", "").isBlank()) {
      throw LiveCommandException.usage(
          "no Kafka to talk to: give --bootstrap HOST:PORT (or set "
              + BOOTSTRAP_ENV
              + "), or bootstrap.servers in the --command-config file");
    }
    return properties;
  }

  String bootstrapServers() {
    return clientProperties().getProperty("bootstrap.servers");
  }
}
