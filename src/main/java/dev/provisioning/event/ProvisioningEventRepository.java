package dev.provisioning.event;

import dev.provisioning.persistence.Timestamps;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
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
        var query = before == null
                ? find("scimProviderId = ?1 and organizationId = ?2", Sort.descending("id"), providerId, organizationId)
                : find("scimProviderId = ?1 and organizationId = ?2 and id < ?3", Sort.descending("id"), providerId, organizationId,
                        before);
        return query.range(0, limit - 1).list();
    }
}
