package io.hybridfailover.placement.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hybridfailover.actuation.ApiErrors;
import io.hybridfailover.actuation.RetryableWriteException;
import io.hybridfailover.placement.ActuatorConfig;
import io.hybridfailover.placement.policy.BindingCheck;
import io.hybridfailover.placement.policy.PlacementTarget;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Confirms a placement change on the workload's ResourceBinding: reads it every poll interval until
 * it shows the new placement scheduled, or until the reschedule timeout, when it creates a
 * WorkloadRebalancer for the workload. Polls run on this bean's own small scheduler, so a slow
 * confirmation holds neither the Kafka consumer nor other services' commands.
 */
@ApplicationScoped
public class BindingConfirmer {

  private static final Logger LOG = Logger.getLogger(BindingConfirmer.class);

  static final ResourceDefinitionContext BINDINGS =
      new ResourceDefinitionContext.Builder()
          .withGroup("work.karmada.io")
          .withVersion("v1alpha2")
          .withKind("ResourceBinding")
          .withPlural("resourcebindings")
          .withNamespaced(true)
          .build();

  private final KubernetesClient client;
  private final WorkloadRebalancers rebalancers;
  private final Duration timeout;
  private final Duration pollInterval;
  private final ScheduledExecutorService polls =
      Executors.newScheduledThreadPool(
          2,
          task -> {
            Thread thread = new Thread(task, "binding-confirmer");
            thread.setDaemon(true);
            return thread;
          });

  BindingConfirmer(
      KubernetesClient client, WorkloadRebalancers rebalancers, ActuatorConfig config) {
    this.client = client;
    this.rebalancers = rebalancers;
    this.timeout = config.rescheduleTimeout();
    this.pollInterval = config.confirmPollInterval();
  }

  /**
   * Completes with what happened, for the result's detail: {@code binding confirmed in 1.2 s}, or
   * {@code binding not rescheduled within 60 s (...): WorkloadRebalancer shop-web-12 created}, or
   * that a newer epoch took over. Never completes exceptionally.
   *
   * @param newestEpoch the newest epoch known for the service: once it passes {@code epoch}, the
   *     newer command's own confirmation is what counts, and this one stops
   */
  public CompletionStage<String> confirm(
      PlacementTarget target,
      BindingCheck.Expected expected,
      long epoch,
      String commandId,
      LongSupplier newestEpoch) {
    CompletableFuture<String> done = new CompletableFuture<>();
    long start = System.nanoTime();
    Runnable poll =
        new Runnable() {
          private String rebalancer;
          private java.time.Instant created;

          @Override
          public void run() {
            try {
              Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
              long newest = newestEpoch.getAsLong();
              if (newest > epoch) {
                done.complete(
                    "confirmation stopped after "
                        + seconds(elapsed)
                        + ": epoch "
                        + newest
                        + " superseded this one");
                return;
              }
              BindingCheck check = check(target, expected);
              if (check.hopeless()) {
                done.complete("NOT CARRIED OUT: " + check.reason());
              } else if (check.confirmed() && expected.freshSplit() && rebalancer == null) {
                // Steady mode would scale from the failover's split: ask for a fresh one.
                rebalancer = rebalance(target, epoch, commandId);
                created = rebalancers.createdAt(target.service(), epoch).orElse(null);
                if (created == null) {
                  done.complete(
                      "binding confirmed in "
                          + seconds(elapsed)
                          + " ("
                          + check.reason()
                          + "); "
                          + rebalancer);
                } else {
                  polls.schedule(this, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                }
              } else if (check.confirmed() && created != null) {
                BindingCheck fresh = BindingCheck.rescheduledSince(read(target), created);
                if (fresh.confirmed()) {
                  done.complete(
                      "binding confirmed in "
                          + seconds(elapsed)
                          + " ("
                          + check.reason()
                          + "); "
                          + rebalancer
                          + ", "
                          + fresh.reason());
                } else if (elapsed.compareTo(timeout) >= 0) {
                  done.complete(
                      "binding not rescheduled by "
                          + rebalancer
                          + " within "
                          + configured(timeout)
                          + " ("
                          + fresh.reason()
                          + ")");
                } else {
                  polls.schedule(this, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                }
              } else if (check.confirmed()) {
                done.complete(
                    "binding confirmed in "
                        + seconds(elapsed)
                        + (expected.healthOf() == null ? "" : " (" + check.reason() + ")"));
              } else if (elapsed.compareTo(timeout) >= 0) {
                done.complete(
                    "binding not rescheduled within "
                        + configured(timeout)
                        + " ("
                        + check.reason()
                        + "): "
                        + rebalance(target, epoch, commandId));
              } else {
                polls.schedule(this, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
              }
            } catch (RuntimeException e) {
              done.complete("confirmation failed: " + e);
            }
          }
        };
    polls.execute(poll);
    return done;
  }

  @PreDestroy
  void stop() {
    // Unfinished confirmations leave their commands unacknowledged: they are re-read after a
    // restart, and are then UNCHANGED.
    polls.shutdownNow();
  }

  private GenericKubernetesResource read(PlacementTarget target) {
    return client
        .genericKubernetesResources(BINDINGS)
        .inNamespace(target.workloadNamespace())
        .withName(target.bindingName())
        .get();
  }

  private BindingCheck check(PlacementTarget target, BindingCheck.Expected expected) {
    GenericKubernetesResource binding;
    try {
      binding = read(target);
    } catch (KubernetesClientException e) {
      return new BindingCheck(false, "cannot read the binding: " + ApiErrors.describe(e));
    }
    BindingCheck check = BindingCheck.check(binding, expected);
    LOG.debugf(
        "ResourceBinding %s/%s: %s",
        target.workloadNamespace(), target.bindingName(), check.reason());
    return check;
  }

  private String rebalance(PlacementTarget target, long epoch, String commandId) {
    String name = WorkloadRebalancers.name(target.service(), epoch);
    try {
      return rebalancers.create(target, epoch, commandId);
    } catch (RetryableWriteException e) {
      return "WorkloadRebalancer " + name + " could not be created: " + e.getMessage();
    } catch (KubernetesClientException e) {
      return "WorkloadRebalancer " + name + " could not be created: " + ApiErrors.describe(e);
    }
  }

  /** {@code 1.2 s}: how long a confirmation took. */
  static String seconds(Duration elapsed) {
    return String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
  }

  /** {@code 60 s}, or {@code 1.5 s}: a configured duration as it was written. */
  static String configured(Duration timeout) {
    return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : seconds(timeout);
  }
}
