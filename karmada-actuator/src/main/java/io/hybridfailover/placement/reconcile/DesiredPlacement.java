package io.hybridfailover.placement.reconcile;

import io.hybridfailover.actuation.CommandHistory;
import io.hybridfailover.actuation.NewestCommands;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/** The newest command per service, for the policies of this actuator. */
@ApplicationScoped
public class DesiredPlacement extends NewestCommands {

  private static final Logger LOG = Logger.getLogger(DesiredPlacement.class);

  /**
   * Before the first drift cycle, remembers what was asked before this process started, so that a
   * command whose write gave up before a restart is still applied. Without it the actuator does not
   * start (and is restarted): it would not know what to restore.
   */
  void recover(
      @Observes StartupEvent start, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
    int read = CommandHistory.recover(kafka, this, Duration.ofSeconds(60));
    LOG.infof("read %d commands from the commands topic to know what each service asks for", read);
  }
}
