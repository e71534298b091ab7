package dev.provisioning.persistence;

import io.quarkus.vertx.VertxContextSupport;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Hibernate Reactive sessions live on a safe Vert.x duplicated context. Requests have one; work
 * started by a timer (whose context is the event loop's own) or from a plain thread (a test) gets a
 * fresh one here.
 */
public final class VertxContexts {

    private VertxContexts() {
    }

    /** Runs {@code work} on the current duplicated context when there is one, else on a new one of its own. */
    public static <T> Uni<T> ensure(Supplier<Uni<T>> work) {
        if (VertxContext.isOnDuplicatedContext()) {
            return Uni.createFrom().deferred(work::get);
        }
        Context current = Vertx.currentContext();
        if (current == null) {
            return Uni.createFrom().emitter(emitter -> VertxContextSupport.subscribe(() -> work.get().toMulti(),
                    subscription -> subscription.with(emitter::complete, emitter::fail, () -> emitter.complete(null))));
        }
        Context duplicated = VertxContext.createNewDuplicatedContext(current);
        VertxContextSafetyToggle.setContextSafe(duplicated, true);
        return Uni.createFrom().emitter(emitter -> duplicated.runOnContext(
                ignored -> work.get().subscribe().with(emitter::complete, emitter::fail)));
    }
}
