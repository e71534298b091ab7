package dev.provisioning.event;

import dev.provisioning.persistence.NativeSql;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The {@code provisioning_events} table: appended by every SCIM write, read newest first by administrators. */
@ApplicationScoped
public class ProvisioningEventRepository implements PanacheRepositoryBase<ProvisioningEventEntity, Long> {

    private static final String INSERT = "insert into provisioning_events (organization_id, scim_provider_id, api_key_id,"
            + " resource_type, resource_id, operation, attributes, outcome, status, detail, created_at)";

    /**
     * Appends one event, in the caller's transaction. A native insert rather than {@code persist}: every
     * SCIM write appends one and never reads it back, so it need not become a managed entity (the
     * side-by-side bench put persisting it at about a tenth of a write's CPU).
     */
    public Uni<Void> append(ProvisioningEventEntity event) {
        return NativeSql.execute(INSERT + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())",
                        Arrays.asList(event.organizationId, event.scimProviderId, event.apiKeyId, event.resourceType, event.resourceId,
                                event.operation, event.attributes, event.outcome, event.status, event.detail))
                .replaceWithVoid();
    }

    /**
     * The same insert as a member of another repository's write statement (a data-modifying
     * {@code with} clause), so that a write and its event cost one round trip: one event per row of
     * {@code source} (the write's {@code returning} rows; none when it wrote nothing), whose resource id
     * is the expression {@code resourceId} over it (e.g. {@code w.id}). The event's values are appended
     * to {@code binds}, numbered after those already there.
     */
    public static String appendFrom(ProvisioningEventEntity event, String source, String resourceId, List<Object> binds) {
        int n = binds.size();
        binds.addAll(Arrays.asList(event.organizationId, event.scimProviderId, event.apiKeyId, event.resourceType,
                event.operation, event.attributes, event.outcome, event.status, event.detail));
        // explicit types: in a select list PostgreSQL cannot take them from the target columns
        return INSERT + " select $" + (n + 1) + "::uuid, $" + (n + 2) + "::uuid, $" + (n + 3) + "::uuid, $" + (n + 4) + "::text, "
                + resourceId + ", $" + (n + 5) + "::text, $" + (n + 6) + "::text[], $" + (n + 7) + "::text, $" + (n + 8) + "::int4, $"
                + (n + 9) + "::text, now() from " + source;
    }

    /**
     * {@code write}, an {@code update … returning} of another repository, as one statement with the
     * insert of its event (one per returned row, resource id the row's {@code id}): answers what
     * {@code write} returns. The event's values are appended to {@code binds}.
     */
    public static String writeWithEvent(String write, ProvisioningEventEntity event, List<Object> binds) {
        return "with w as (" + write + "), e as (" + appendFrom(event, "w", "w.id", binds) + ") select w.* from w";
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
