package dev.provisioning.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.scim.message.ScimException;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a POST/PUT body into the stored resource document: canonical attribute names, extension
 * attributes under their schema URN, no {@code id}/{@code meta}/{@code schemas}, unassigned
 * attributes absent, values exactly as sent (booleans excepted: {@code "True"} becomes {@code true}).
 *
 * <p>Lenient on shape (entra-scim §1.2, §8.7): unknown attributes and schema URNs, readOnly
 * attributes and {@code password} are ignored. Strict on type: a value of the wrong type is
 * {@code invalidValue} naming the attribute. The type rules are the ones PATCH uses
 * ({@link AttributeValues}).
 *
 * <p>For a Group, the {@code members} of the body are validated and kept in the returned document
 * (as {@code [{"value": id}]}); the service takes them out with {@link #takeMembers} before storing,
 * since members are never held in the group document.
 */
public final class ResourceNormalizer {
    private ResourceNormalizer() {
    }

    /**
     * A PUT body for the resource {@code ownId}: as {@link #normalize(JsonNode, ResourceTypeDefinition)},
     * but an {@code id} other than the resource's own is {@code mutability} ({@link ResourceIds}).
     */
    public static ObjectNode normalize(JsonNode body, ResourceTypeDefinition type, String ownId) {
        ResourceIds.requireOwnOrAbsent(body, ownId);
        return normalize(body, type);
    }

    public static ObjectNode normalize(JsonNode body, ResourceTypeDefinition type) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("A " + type.name() + " must be a JSON object");
        }
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String key = field.getKey();
            Optional<SchemaDefinition> extension = type.extensions().stream()
                    .filter(schema -> schema.id().equalsIgnoreCase(key)).findFirst();
            if (extension.isPresent()) {
                extension(document, extension.get(), field.getValue());
                continue;
            }
            Optional<AttributeDefinition> attribute = type.common().attribute(key).or(() -> type.core().attribute(key));
            if (attribute.isPresent()) {
                put(document, attribute.get(), field.getValue(), attribute.get().name());
            }
            // anything else (schemas, unknown or mis-typed URNs, misplaced extension attributes) is ignored
        }
        for (AttributeDefinition attribute : type.core().attributes()) {
            if (attribute.required() && !document.has(attribute.name())) {
                throw ScimException.invalidValue("Attribute '" + attribute.name() + "' is required");
            }
        }
        return document;
    }

    /** Removes {@code members} from a normalised Group document and returns their distinct ids, in order. */
    public static java.util.List<String> takeMembers(ObjectNode group) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        JsonNode members = group.remove("members");
        if (members != null) {
            for (JsonNode member : members) {
                String id = member.get("value").textValue();
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    private static void extension(ObjectNode document, SchemaDefinition schema, JsonNode value) {
        if (AttributeValues.isUnassigned(value)) {
            return;
        }
        if (!value.isObject()) {
            throw ScimException.invalidValue("'" + schema.id() + "' must be an object of its attributes");
        }
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            schema.attribute(field.getKey()).ifPresent(attribute ->
                    put(attributes, attribute, field.getValue(), schema.id() + ":" + attribute.name()));
        }
        if (!attributes.isEmpty()) {
            document.set(schema.id(), attributes);
        }
    }

    private static void put(ObjectNode target, AttributeDefinition attribute, JsonNode value, String label) {
        if (attribute.mutability() == Mutability.READ_ONLY || attribute.mutability() == Mutability.WRITE_ONLY) {
            return;
        }
        JsonNode coerced = AttributeValues.attribute(attribute, value, label);
        if (coerced == null) {
            target.remove(attribute.name());
        } else {
            target.set(attribute.name(), coerced);
        }
    }
}
