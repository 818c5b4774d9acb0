package io.hybridfailover.decider.core;

import io.smallrye.config.ConfigMapping;
import java.util.Map;

/**
 * The decider's settings as written in configuration: {@code hybrid.decider.<key>} for every
 * service, {@code hybrid.decider.service."<namespace>/<name>".<key>} for one. Every key is optional
 * (an unset key is inherited, then defaulted: {@link DeciderSettings#defaults()}). Read it through
 * {@link DeciderSettingsSet#load}, which checks it and names the key of any bad value.
 */
@ConfigMapping(prefix = "hybrid.decider")
public interface DeciderSettingsConfig extends DeciderSettingKeys {

  /** Per-service overrides, by service id. */
  Map<String, DeciderSettingKeys> service();
}
