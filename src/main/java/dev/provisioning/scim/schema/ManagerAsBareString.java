package dev.provisioning.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Entra quirk (entra-scim §1.11, P6): the enterprise {@code manager} is complex, but Entra sends
 * the manager's id as a bare string, and an old Microsoft tutorial sends a one-element array
 * {@code [{"$ref": ..., "value": id}]}. Both are rewritten to the RFC form {@code {"value": id}}
 * before the usual complex-attribute rules run (which drop {@code $ref} and {@code displayName}).
 */
final class ManagerAsBareString {
    private static final AttributeDefinition MANAGER = ScimSchemas.ENTERPRISE_USER.attribute("manager").orElseThrow();

    private ManagerAsBareString() {
    }

    static boolean isManager(AttributeDefinition attribute) {
        return attribute == MANAGER;
    }

    static JsonNode toObject(JsonNode value) {
        if (value.isTextual()) {
            if (value.textValue().isEmpty()) {
                return value;
            }
            return JsonNodeFactory.instance.objectNode().put("value", value.textValue());
        }
        if (value.isArray() && value.size() == 1) {
            return value.get(0);
        }
        return value;
    }
}
