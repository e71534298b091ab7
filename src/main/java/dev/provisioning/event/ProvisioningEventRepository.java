package dev.provisioning.event;

import dev.provisioning.persistence.NativeSql;
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

    /**
     * A provider's activity: its newest event's time, and its events and failed events of the last 24
     * hours. Both read only index provisioning_events_provider_time (V30): its newest entry for the
     * provider, and the provider's last day of entries.
     */
    public static final String ACTIVITY = """
            select (select max(e.created_at) from provisioning_events e
                    where e.scim_provider_id = $1 and e.organization_id = $2) as last_activity_at,
                   count(*) as writes,
                   count(*) filter (where d.outcome = 'failure') as failures
            from provisioning_events d
            where d.scim_provider_id = $1 and d.organization_id = $2 and d.created_at >= now() - interval '24 hours'""";

    /** What {@link #activity} answers: {@code lastActivityAt} is null before the provider's first write. */
    public record Activity(OffsetDateTime lastActivityAt, long writes, long failures) {
    }

    public Uni<Activity> activity(UUID organizationId, UUID providerId) {
        return NativeSql.row(ACTIVITY, List.of(providerId, organizationId))
                .map(row -> new Activity((OffsetDateTime) row[0], ((Number) row[1]).longValue(), ((Number) row[2]).longValue()));
    }
}
