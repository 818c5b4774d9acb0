package io.hybridfailover.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaOptionsTest {

  @TempDir Path dir;

  @Test
  void theCommandConfigFileGivesTheClientSettingsAndBootstrapWins() throws Exception {
    Path file = dir.resolve("operator.properties");
    Files.writeString(
        file,
        "bootstrap.servers=from-file:9093\nsecurity.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
    KafkaOptions options = new KafkaOptions();
    options.commandConfig = file;
    Properties fromFile = options.clientProperties();
    assertEquals("from-file:9093", fromFile.getProperty("bootstrap.servers"));
    assertEquals("SASL_SSL", fromFile.getProperty("security.protocol"));

    options.bootstrap = "given:9092";
    assertEquals("given:9092", options.clientProperties().getProperty("bootstrap.servers"));
    assertEquals("SCRAM-SHA-512", options.clientProperties().getProperty("sasl.mechanism"));
  }

  @Test
  void withoutBootstrapOrWithAnUnreadableFileItSaysWhatToGive() {
    KafkaOptions none = new KafkaOptions();
    LiveCommandException missing = assertThrows(LiveCommandException.class, none::clientProperties);
    assertEquals(LiveCommandException.EXIT_USAGE, missing.exitCode());
    assertTrue(missing.getMessage().contains("HYBRID_BOOTSTRAP"), missing.getMessage());

    KafkaOptions unreadable = new KafkaOptions();
    unreadable.commandConfig = dir.resolve("absent.properties");
    LiveCommandException e = assertThrows(LiveCommandException.class, unreadable::clientProperties);
    assertTrue(e.getMessage().startsWith("--command-config "), e.getMessage());
  }
}
