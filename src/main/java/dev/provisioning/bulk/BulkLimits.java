package dev.provisioning.bulk;

import dev.provisioning.ops.ScimConfig;
import dev.provisioning.scim.schema.SchemaDocuments;

/** The Bulk limits in force: the configured ones, the payload never above the body limit of every request. */
public record BulkLimits(SchemaDocuments.BulkLimits advertised) {

    public static BulkLimits of(ScimConfig config) {
        int operations = Math.max(0, config.bulk().maxOperations());
        long payload = Math.min(Math.max(0, config.bulk().maxPayloadSize()), config.maxBodySize());
        return new BulkLimits(new SchemaDocuments.BulkLimits(operations, (int) payload));
    }
}
