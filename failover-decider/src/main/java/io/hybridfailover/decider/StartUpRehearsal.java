package io.hybridfailover.decider;

import io.hybridfailover.decider.core.Decider;
import io.hybridfailover.decider.core.Decision;
import io.hybridfailover.decider.core.FailoverRehearsal;
import io.hybridfailover.decider.core.ServiceStateCodec;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventData;
import io.hybridfailover.events.kafka.EventSerializer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Rehearses a failover once at start-up, in the background: the core decides one on a scratch fleet
 * in memory ({@link FailoverRehearsal}) and every event it decided is serialised as the topology's
 * sink would, and its state encoded as the store would. Nothing is published or stored. The first
 * real failover then does not load and run that code for the first time between the verdict and the
 * command.
 */
@Singleton
class StartUpRehearsal {

  private static final Logger LOG = Logger.getLogger(StartUpRehearsal.class);

  void onStart(@Observes StartupEvent event, Decider decider) {
    Thread thread =
        new Thread(
            () -> {
              try {
                LOG.debugf("rehearsed a failover: encoded for %s", rehearse(decider));
              } catch (RuntimeException e) {
                // A warm-up that fails costs the first failover its load time, nothing more.
                LOG.debug("failover rehearsal failed", e);
              }
            },
            "failover-rehearsal");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * @return the topic of each event the rehearsal encoded, in order (nothing is sent)
   */
  static List<String> rehearse(Decider decider) {
    List<Decision> decisions = FailoverRehearsal.run(decider, Instant.now());
    List<String> topics = new ArrayList<>();
    try (EventSerializer serializer = new EventSerializer()) {
      for (Decision decision : decisions) {
        List<EventData> published = new ArrayList<>(decision.transitions());
        published.addAll(decision.commands());
        decision.state().ifPresent(published::add);
        for (EventData data : published) {
          Event<?> event = Event.of("/failover-decider/rehearsal", data);
          serializer.serialize(event.topic(), event);
          topics.add(event.topic());
        }
        ServiceStateCodec.encode(decision.serviceState());
      }
    }
    return topics;
  }
}
