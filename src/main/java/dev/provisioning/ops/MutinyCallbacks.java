package dev.provisioning.ops;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Takes SmallRye Context Propagation out of every Mutiny callback. Its {@code CallbackDecorator} (the only
 * Mutiny decorator on the class path) wraps each {@code map}/{@code flatMap}/{@code invoke} of every request
 * in a capture and restore of the MicroProfile contexts: here only JTA's (Narayana is present for Flyway
 * and Agroal; nothing runs a JTA transaction), since ArC's is off ({@code quarkus.arc.context-propagation}).
 * Nothing needs it: the CDI request context, Hibernate Reactive's session, OpenTelemetry's current span
 * and {@link RequestRecord} all live on the request's Vert.x duplicated context, which every callback runs
 * on. It cost about 5 % of a lookup's CPU (bench/RESULTS.md, issue 16 round four).
 *
 * <p>Runs first among start-up observers, before the HTTP server takes requests.
 */
@Singleton
public class MutinyCallbacks {
    private static final Logger LOG = Logger.getLogger(MutinyCallbacks.class);

    void undecorated(@Observes @Priority(1) StartupEvent started) {
        Infrastructure.clearInterceptors();
        LOG.debug("Mutiny callbacks run without context-propagation decorators");
    }
}
