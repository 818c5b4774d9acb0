package io.hybridfailover.decider;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Map;

/**
 * The actors the decider trusts to write its inputs, each with the PEM file of its public key(s):
 * {@code hybrid.identity.probers."<prober id>"}, {@code hybrid.identity.actuators."<actuator>"},
 * {@code hybrid.identity.operators."<name>"}. With none, records are not checked; with any, every
 * record of every input must be signed by an actor of its role, naming itself.
 */
@ConfigMapping(prefix = "hybrid.identity")
public interface IdentityConfig {

  /** Who may write observations, by prober id. */
  Map<String, Path> probers();

  /**
   * Who may write results, by actuator name ({@code traffic-switcher}, {@code karmada-actuator}).
   */
  Map<String, Path> actuators();

  /** Who may write overrides, by the name {@code bin/hybrid --as} gives. */
  Map<String, Path> operators();
}
