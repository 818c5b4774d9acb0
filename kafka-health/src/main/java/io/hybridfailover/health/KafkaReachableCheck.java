package io.hybridfailover.health;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while no Kafka broker answers at the service's bootstrap address, and the reason says
 * so with the address: every service of this product only works through Kafka. Each call asks the
 * cluster for its brokers with a short timeout (a Kubernetes probe waits 1 s by default), over one
 * admin client kept open, so that the answer is quick once connected and the check turns UP by
 * itself when the broker appears. The admin client takes the service's own {@code kafka.*} settings
 * (security included), as Quarkus gives them to every Kafka client of the service.
 */
@Readiness
@ApplicationScoped
public class KafkaReachableCheck implements HealthCheck {

  public static final String NAME = "Kafka reachable";

  /** How long a call waits for the cluster's answer. */
  static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final Map<String, Object> settings;
  private final String bootstrap;
  private final Duration timeout;
  private Admin admin;

  @Inject
  KafkaReachableCheck(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
    this(kafka, TIMEOUT);
  }

  /**
   * @param kafka the service's Kafka client settings; admin client settings are taken from it
   * @param timeout how long a call waits for the cluster's answer
   */
  public KafkaReachableCheck(Map<String, Object> kafka, Duration timeout) {
    this.settings = new HashMap<>();
    kafka.forEach(
        (key, value) -> {
          if (AdminClientConfig.configNames().contains(key)) {
            settings.put(key, value);
          }
        });
    this.bootstrap = String.valueOf(kafka.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
    this.timeout = timeout;
  }

  @Override
  public HealthCheckResponse call() {
    String reason;
    try {
      Collection<Node> nodes =
          admin()
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
              .nodes()
              // The admin client fails the call at its timeout; this bound is a safety net.
              .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
      return HealthCheckResponse.named(NAME)
          .up()
          .withData("bootstrap.servers", bootstrap)
          .withData("brokers", nodes.size())
          .build();
    } catch (ExecutionException e) {
      reason = e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
    } catch (TimeoutException e) {
      reason = "no answer within " + timeout.toMillis() + " ms";
    } catch (KafkaException e) {
      // The admin client could not be created, e.g. no resolvable bootstrap address yet.
      reason = e.getClass().getSimpleName() + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reason = "interrupted";
    }
    return HealthCheckResponse.named(NAME)
        .down()
        .withData("bootstrap.servers", bootstrap)
        .withData("reason", "Kafka not reachable at " + bootstrap + " (" + reason + ")")
        .build();
  }

  private synchronized Admin admin() {
    if (admin == null) {
      admin = Admin.create(settings);
    }
    return admin;
  }

  /** Never waits: nothing of this client is worth a slower shutdown. */
  @PreDestroy
  public synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ZERO);
      admin = null;
    }
  }
}
