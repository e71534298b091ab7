package dev.provisioning.event;

import dev.provisioning.persistence.Timestamps;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The {@code provisioning_events} table: appended by every SCIM write, read newest first by administrators. */
@ApplicationScoped
public class ProvisioningEventRepository implements PanacheRepositoryBase<ProvisioningEventEntity, Long> {

    /** Appends one event, in the caller's transaction. */
    public Uni<Void> append(ProvisioningEventEntity event) {
        event.createdAt = Timestamps.now();
        return persist(event).replaceWithVoid();
    }

    /**
     * One page of a provider's events, newest first, keyed on the event id: at most {@code limit}
     * events with an id below {@code before} (all when null). Served by provisioning_events_provider.
     */
    public Uni<List<ProvisioningEventEntity>> page(UUID organizationId, UUID providerId, int limit, Long before) {
        return page(organizationId, providerId, limit, before, null, null);
    }

    /** The same, only events with this {@code outcome} and {@code operation} when they are given (the console's filters). */
    public Uni<List<ProvisioningEventEntity>> page(UUID organizationId, UUID providerId, int limit, Long before, String outcome,
            String operation) {
        StringBuilder query = new StringBuilder("scimProviderId = :provider and organizationId = :organization");
        Parameters parameters = Parameters.with("provider", providerId).and("organization", organizationId);
        if (before != null) {
            query.append(" and id < :before");
            parameters.and("before", before);
        }
        if (outcome != null) {
            query.append(" and outcome = :outcome");
            parameters.and("outcome", outcome);
        }
        if (operation != null) {
            query.append(" and operation = :operation");
            parameters.and("operation", operation);
        }
        return find(query.toString(), Sort.descending("id"), parameters).range(0, limit - 1).list();
    }
}
