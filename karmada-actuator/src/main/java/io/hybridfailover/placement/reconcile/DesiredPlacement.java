package io.hybridfailover.placement.reconcile;

import io.hybridfailover.actuation.NewestCommands;
import jakarta.enterprise.context.ApplicationScoped;

/** The newest command per service, for the policies of this actuator. */
@ApplicationScoped
public class DesiredPlacement extends NewestCommands {}
