package io.hybridfailover.devstack.world;

import io.hybridfailover.cli.live.OverrideRequest;
import io.hybridfailover.devstack.drill.Action.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * An operator's override of {@code shop/web}, sent with the operator tool's own code, signed as the
 * drill's operator (the decider checks it), and waited for until the decider answers.
 */
record OperatorOverride(String bootstrap, ActorIdentities identities, Consumer<String> progress) {

  void send(Operator operator) {
    Properties client = new Properties();
    client.put("bootstrap.servers", bootstrap);
    client.putAll(identities.operatorClient()); // signed: the decider checks it
    OverrideRequest.Outcome outcome =
        new OverrideRequest(client, Clock.systemUTC())
            .send(
                operator.action(),
                Recorder.SERVICE,
                operator.reason(),
                ActorIdentities.OPERATOR,
                Duration.ofSeconds(30));
    if (!outcome.acknowledged()) {
      throw new IllegalStateException(
          "the decider did not acknowledge " + operator.describe() + ": " + outcome.lines());
    }
    outcome.lines().forEach(line -> progress.accept("  acknowledged: " + line));
  }
}
