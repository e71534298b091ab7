package dev.provisioning.rules;

import dev.provisioning.event.ProvisioningEventEntity;
import dev.provisioning.event.ProvisioningEventRepository;
import dev.provisioning.ops.ScimMetrics;
import dev.provisioning.provider.ScimCaller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The append-only record of every SCIM write (product.md §2): who, what, which attributes, outcome.
 * Attribute names only, never values, so that nothing secret or personal lands here twice. Events
 * are appended in the caller's transaction (a success commits with its write; a failure is recorded
 * in a transaction of its own after the write rolled back).
 */
@ApplicationScoped
public class ProvisioningEvents {
    private final ProvisioningEventRepository events;
    private final ScimMetrics metrics;

    public ProvisioningEvents(ProvisioningEventRepository events, ScimMetrics metrics) {
        this.events = events;
        this.metrics = metrics;
    }

    public Uni<Void> success(ScimCaller caller, String resourceType, UUID resourceId, String operation,
            Collection<String> attributes, int status) {
        return append(caller, resourceType, resourceId, operation, attributes, "success", status, null);
    }

    /** A success with a {@code detail}, e.g. how many members a group write added and removed (counts, not ids). */
    public Uni<Void> success(ScimCaller caller, String resourceType, UUID resourceId, String operation,
            Collection<String> attributes, int status, String detail) {
        return append(caller, resourceType, resourceId, operation, attributes, "success", status, detail);
    }

    public Uni<Void> failure(ScimCaller caller, String resourceType, UUID resourceId, String operation, int status, String detail) {
        return append(caller, resourceType, resourceId, operation, List.of(), "failure", status, detail);
    }

    /**
     * Records a failed write after its transaction rolled back: in a transaction of its own on the same
     * session, whose persistence context is cleared first (it may hold what the failed write persisted).
     */
    public Uni<Void> recordFailure(ScimCaller caller, String resourceType, UUID resourceId, String operation, int status,
            String detail) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> {
            session.clear();
            return Panache.withTransaction(() -> failure(caller, resourceType, resourceId, operation, status, detail));
        }));
    }

    /**
     * A success event for a write that appends it in its own statement (one round trip for both, e.g.
     * {@code UserRepository.insert}); once that statement ran, {@link #appended} counts it.
     */
    public ProvisioningEventEntity successEvent(ScimCaller caller, String resourceType, UUID resourceId, String operation,
            Collection<String> attributes, int status) {
        return event(caller, resourceType, resourceId, operation, attributes, "success", status, null);
    }

    /** The same with a {@code detail} (see {@link #success(ScimCaller, String, UUID, String, Collection, int, String)}). */
    public ProvisioningEventEntity successEvent(ScimCaller caller, String resourceType, UUID resourceId, String operation,
            Collection<String> attributes, int status, String detail) {
        return event(caller, resourceType, resourceId, operation, attributes, "success", status, detail);
    }

    /** Counts an event a write statement appended (see {@link #successEvent}). */
    public void appended(ProvisioningEventEntity event) {
        metrics.provisioningEvent(event.operation, event.outcome);
    }

    private Uni<Void> append(ScimCaller caller, String resourceType, UUID resourceId, String operation,
            Collection<String> attributes, String outcome, int status, String detail) {
        ProvisioningEventEntity event = event(caller, resourceType, resourceId, operation, attributes, outcome, status, detail);
        return events.append(event)
                // counted once appended: a success as the last step of its write, a failure after the write rolled back
                .invoke(() -> appended(event));
    }

    private static ProvisioningEventEntity event(ScimCaller caller, String resourceType, UUID resourceId, String operation,
            Collection<String> attributes, String outcome, int status, String detail) {
        ProvisioningEventEntity event = new ProvisioningEventEntity();
        event.organizationId = caller.organizationId();
        event.scimProviderId = caller.providerId();
        event.apiKeyId = caller.apiKeyId();
        event.resourceType = resourceType;
        event.resourceId = resourceId;
        event.operation = operation;
        event.attributes = attributes.stream().sorted().toArray(String[]::new);
        event.outcome = outcome;
        event.status = status;
        event.detail = detail;
        return event;
    }
}
