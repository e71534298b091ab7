package dev.provisioning.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioning.scim.message.ScimException;
import java.util.Map;
import java.util.UUID;

/**
 * A resource's own {@code id} sent back to it (product.md §11): Okta's PUT bodies and group-rename
 * PATCH values carry it. The own id changes nothing and is accepted; a different id would change an
 * immutable attribute and is {@code mutability}. Ids are UUIDs, so an id sent in another letter case
 * is still the same id.
 */
public final class ResourceIds {
    private ResourceIds() {
    }

    /** Whether {@code value} names the resource {@code ownId}. */
    public static boolean sameId(JsonNode value, String ownId) {
        if (value == null || !value.isTextual() || ownId == null) {
            return false;
        }
        String sent = value.textValue().strip();
        if (sent.equals(ownId)) {
            return true;
        }
        try {
            return UUID.fromString(sent).equals(UUID.fromString(ownId));
        } catch (IllegalArgumentException notUuids) {
            return false;
        }
    }

    /** {@code id}, or {@code urn:…:core:2.0:User:id} / {@code …:Group:id}. */
    public static boolean isIdPath(AttributePath path) {
        return path.attribute().equalsIgnoreCase("id") && !path.hasSubAttribute()
                && (path.schemaUrn() == null || path.schemaUrn().equalsIgnoreCase(ScimSchemas.USER_URN)
                        || path.schemaUrn().equalsIgnoreCase(ScimSchemas.GROUP_URN));
    }

    /** A PUT body may repeat the resource's own id (or leave it out); any other id is {@code mutability}. */
    public static void requireOwnOrAbsent(JsonNode body, String ownId) {
        if (body == null || !body.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (field.getKey().equalsIgnoreCase("id") && !AttributeValues.isUnassigned(field.getValue())
                    && !sameId(field.getValue(), ownId)) {
                throw ScimException.mutability("Attribute 'id' is readOnly: the body names id "
                        + AttributeValues.describe(field.getValue()) + " but the resource is " + ownId);
            }
        }
    }
}
