package io.hybridfailover.cli.live;

import io.hybridfailover.events.kafka.EventSerializer;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The operator's signing key, for every command that writes an override (freeze, force, release,
 * practice): a decider that checks signatures dead-letters an override not signed with the key it
 * trusts for {@code --as}, and then never answers it.
 */
final class OperatorKey {

  static final String KEY_ENV = "HYBRID_OPERATOR_KEY";

  @Option(
      names = "--key",
      paramLabel = "FILE",
      defaultValue = "${env:" + KEY_ENV + "}",
      description =
          "your private key (PEM, Ed25519): signs the override as --as, the name the decider"
              + " trusts this key under (default: $"
              + KEY_ENV
              + ", else hybrid.identity.key-file in the --command-config file)")
  Path key;

  /** The client settings, with the key (if any) to sign as {@code operator}. */
  Properties signingAs(Properties client, String operator) {
    if (key != null) {
      client.setProperty(EventSerializer.KEY_FILE_CONFIG, key.toString());
    }
    if (!client.getProperty(EventSerializer.KEY_FILE_CONFIG, "").isBlank()) {
      client.setProperty(EventSerializer.ACTOR_CONFIG, operator);
    }
    return client;
  }
}
