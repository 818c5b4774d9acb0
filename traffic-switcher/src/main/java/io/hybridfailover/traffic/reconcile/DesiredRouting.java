package io.hybridfailover.traffic.reconcile;

import io.hybridfailover.actuation.NewestCommands;
import jakarta.enterprise.context.ApplicationScoped;

/** The newest command per service, for the routing objects of this actuator. */
@ApplicationScoped
public class DesiredRouting extends NewestCommands {}
