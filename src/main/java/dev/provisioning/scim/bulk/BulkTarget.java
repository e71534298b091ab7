package dev.provisioning.scim.bulk;

import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.ResourceTypeDefinition;
import dev.provisioning.scim.schema.ScimSchemas;
import java.util.List;

/**
 * What a bulk operation's {@code path} names (RFC 7644 §3.7): a resource type's endpoint for POST
 * ({@code /Users}), one resource for PUT, PATCH and DELETE ({@code /Groups/{id}}). Endpoints compare
 * as the router compares them (exactly); a trailing slash is tolerated.
 *
 * @param id the resource's id as sent (after bulkId substitution); null for POST
 */
public record BulkTarget(ResourceTypeDefinition type, String id) {
    private static final List<ResourceTypeDefinition> TYPES = List.of(ScimSchemas.USER_TYPE, ScimSchemas.GROUP_TYPE);

    public static BulkTarget parse(BulkMethod method, String path) {
        String text = path.strip();
        if (text.endsWith("/") && text.length() > 1) {
            text = text.substring(0, text.length() - 1);
        }
        for (ResourceTypeDefinition type : TYPES) {
            String endpoint = type.endpoint();
            if (text.equals(endpoint)) {
                if (method != BulkMethod.POST) {
                    throw ScimException.invalidValue("A bulk " + method + " needs the path of one resource, e.g. "
                            + endpoint + "/{id}, not '" + path + "'");
                }
                return new BulkTarget(type, null);
            }
            if (text.startsWith(endpoint + "/")) {
                String id = text.substring(endpoint.length() + 1);
                if (id.isEmpty() || id.contains("/")) {
                    break;
                }
                if (method == BulkMethod.POST) {
                    throw ScimException.invalidValue("A bulk POST creates a resource at its endpoint, e.g. " + endpoint
                            + ", not at '" + path + "'");
                }
                return new BulkTarget(type, id);
            }
        }
        throw ScimException.invalidValue("A bulk operation's path must be /Users, /Groups, /Users/{id} or /Groups/{id},"
                + " not '" + path + "'");
    }
}
