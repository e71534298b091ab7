package dev.provisioning.rules;

import dev.provisioning.ops.ScimMetrics;
import dev.provisioning.security.ScimCaller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.UUID;

/**
 * The append-only record of every SCIM write (product.md §2): who, what, which attributes, outcome.
 * Attribute names only, never values, so that nothing secret or personal lands here twice.
 */
@ApplicationScoped
public class ProvisioningEvents {
    private final ScimMetrics metrics;

    public ProvisioningEvents(ScimMetrics metrics) {
        this.metrics = metrics;
    }

    public Uni<Void> success(SqlClient db, ScimCaller caller, String resourceType, UUID resourceId, String operation,
            Collection<String> attributes, int status) {
        return append(db, caller, resourceType, resourceId, operation, attributes, "success", status, null);
    }

    /** A success with a {@code detail}, e.g. how many members a group write added and removed (counts, not ids). */
    public Uni<Void> success(SqlClient db, ScimCaller caller, String resourceType, UUID resourceId, String operation,
            Collection<String> attributes, int status, String detail) {
        return append(db, caller, resourceType, resourceId, operation, attributes, "success", status, detail);
    }

    public Uni<Void> failure(SqlClient db, ScimCaller caller, String resourceType, UUID resourceId, String operation,
            int status, String detail) {
        return append(db, caller, resourceType, resourceId, operation, java.util.List.of(), "failure", status, detail);
    }

    private Uni<Void> append(SqlClient db, ScimCaller caller, String resourceType, UUID resourceId, String operation,
            Collection<String> attributes, String outcome, int status, String detail) {
        Tuple values = Tuple.tuple()
                .addUUID(caller.organizationId())
                .addUUID(caller.providerId())
                .addUUID(caller.apiKeyId())
                .addString(resourceType)
                .addUUID(resourceId)
                .addString(operation)
                .addArrayOfString(attributes.stream().sorted().toArray(String[]::new))
                .addString(outcome)
                .addInteger(status)
                .addString(detail);
        return db.preparedQuery("""
                        insert into provisioning_events (organization_id, scim_provider_id, api_key_id, resource_type, resource_id,
                                                         operation, attributes, outcome, status, detail)
                        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""")
                .execute(values)
                // counted once written: a success with its write, a failure after the write rolled back
                .invoke(() -> metrics.provisioningEvent(operation, outcome))
                .replaceWithVoid();
    }
}
