package dev.provisioning.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.scim.message.ScimException;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The type rules for attribute values, shared by {@link ResourceNormalizer} (POST/PUT bodies) and
 * {@link dev.provisioning.scim.patch.PatchEngine} (PATCH values), so that both accept and store exactly the same shapes.
 *
 * <p>Every method returns the value in its stored form, or {@code null} when the value means
 * "unassigned" ({@code null}, {@code ""}, {@code []}, {@code {}}, or a complex value whose known
 * sub-attributes are all unassigned). Values are kept exactly as sent otherwise; a value of the
 * wrong type is {@code invalidValue} naming the attribute.
 */
public final class AttributeValues {
    private static final AttributeDefinition MEMBERS = ScimSchemas.GROUP.attribute("members").orElseThrow();
    private static final AttributeDefinition ROLES = ScimSchemas.USER.attribute("roles").orElseThrow();

    private AttributeValues() {
    }

    public static boolean isMembers(AttributeDefinition attribute) {
        return attribute == MEMBERS;
    }

    /** A whole attribute value: an array for multi-valued attributes, else a single value. */
    public static JsonNode attribute(AttributeDefinition attribute, JsonNode value, String label) {
        if (isUnassigned(value)) {
            return null;
        }
        if (!attribute.multiValued()) {
            return single(attribute, value, label);
        }
        ArrayNode elements;
        if (value.isArray()) {
            elements = (ArrayNode) value;
        } else if (attribute.isComplex() && (value.isObject() || (attribute == ROLES && value.isTextual()))) {
            elements = JsonNodeFactory.instance.arrayNode().add(value);
        } else {
            throw ScimException.invalidValue("Attribute '" + label + "' is multi-valued: expected an array, got "
                    + describe(value));
        }
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        for (JsonNode element : elements) {
            JsonNode coerced = element(attribute, element, label);
            if (coerced != null && !contains(result, coerced)) {
                result.add(coerced);
            }
        }
        if (result.isEmpty()) {
            return null;
        }
        requireSinglePrimary(attribute, result, label);
        return result;
    }

    /** One value of a single-valued attribute (simple or complex). */
    public static JsonNode single(AttributeDefinition attribute, JsonNode value, String label) {
        if (isUnassigned(value)) {
            return null;
        }
        if (ManagerAsBareString.isManager(attribute)) {
            value = ManagerAsBareString.toObject(value);
            if (isUnassigned(value)) {
                return null;
            }
        }
        if (attribute.isComplex()) {
            return complex(attribute, value, label);
        }
        return simple(attribute, value, label);
    }

    /** One element of a multi-valued attribute. */
    public static JsonNode element(AttributeDefinition attribute, JsonNode element, String label) {
        if (isUnassigned(element)) {
            return null;
        }
        if (attribute == ROLES) {
            element = RolesAsJsonStrings.unwrap(element);
        }
        if (!attribute.isComplex()) {
            return simple(attribute, element, label);
        }
        ObjectNode result = complex(attribute, element, label);
        if (attribute == MEMBERS) {
            validateMember(result, element);
        }
        return result;
    }

    /** A complex value: known, writable sub-attributes coerced; the rest ignored. */
    public static ObjectNode complex(AttributeDefinition attribute, JsonNode value, String label) {
        if (!value.isObject()) {
            throw ScimException.invalidValue("Attribute '" + label + "' is complex: expected an object, got "
                    + describe(value));
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            AttributeDefinition sub = attribute.subAttribute(field.getKey()).orElse(null);
            if (sub == null || sub.mutability() == Mutability.READ_ONLY || isDerivedReference(attribute, sub)) {
                continue;
            }
            JsonNode coerced = simple(sub, field.getValue(), label + "." + sub.name());
            if (coerced != null) {
                result.set(sub.name(), coerced);
            }
        }
        return result.isEmpty() ? null : result;
    }

    /** A value of a simple (non-complex) attribute or sub-attribute. */
    public static JsonNode simple(AttributeDefinition attribute, JsonNode value, String label) {
        if (isUnassigned(value)) {
            return null;
        }
        switch (attribute.type()) {
            case BOOLEAN -> {
                BooleanNode coerced = StringBooleans.coerce(value);
                if (coerced == null) {
                    throw ScimException.invalidValue("Attribute '" + label + "' must be a boolean, got " + describe(value));
                }
                return coerced;
            }
            case DECIMAL -> {
                if (!value.isNumber()) {
                    throw ScimException.invalidValue("Attribute '" + label + "' must be a number, got " + describe(value));
                }
                return value;
            }
            case INTEGER -> {
                if (!value.isIntegralNumber()) {
                    throw ScimException.invalidValue("Attribute '" + label + "' must be an integer, got " + describe(value));
                }
                return value;
            }
            case DATE_TIME -> {
                requireText(value, label);
                try {
                    DateTimeFormatter.ISO_DATE_TIME.parse(value.textValue());
                } catch (DateTimeParseException notADate) {
                    throw ScimException.invalidValue("Attribute '" + label
                            + "' must be an xsd:dateTime such as 2026-03-27T19:59:26Z, got " + describe(value));
                }
                return value;
            }
            case COMPLEX -> throw ScimException.invalidValue("Attribute '" + label + "' cannot hold " + describe(value));
            default -> {
                requireText(value, label);
                return value;
            }
        }
    }

    /** RFC 7643 §2.5: null, empty string, empty array and empty object all mean "no value". */
    public static boolean isUnassigned(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode()
                || (value.isTextual() && value.textValue().isEmpty())
                || (value.isContainerNode() && value.isEmpty());
    }

    /** RFC 7643 §2.4: at most one element may be primary. */
    public static void requireSinglePrimary(AttributeDefinition attribute, ArrayNode elements, String label) {
        int primaries = 0;
        for (JsonNode element : elements) {
            if (element.path("primary").asBoolean(false)) {
                primaries++;
            }
        }
        if (primaries > 1) {
            throw ScimException.invalidValue("Attribute '" + label + "' has " + primaries
                    + " values marked primary; at most one is allowed");
        }
    }

    public static boolean contains(ArrayNode elements, JsonNode candidate) {
        for (JsonNode element : elements) {
            if (element.equals(candidate)) {
                return true;
            }
        }
        return false;
    }

    public static String describe(JsonNode value) {
        String text = value.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    /** {@code $ref} of members and manager is derived from the id when rendering, never stored. */
    private static boolean isDerivedReference(AttributeDefinition attribute, AttributeDefinition sub) {
        return sub.name().equals("$ref") && (attribute == MEMBERS || ManagerAsBareString.isManager(attribute));
    }

    private static void validateMember(ObjectNode member, JsonNode sent) {
        if (member == null || !member.path("value").isTextual()) {
            throw ScimException.invalidValue("Each member needs a 'value' holding the member's id, got "
                    + describe(sent));
        }
        RefNullInMembers.strip(member);
        JsonNode type = member.get("type");
        if (type != null && !"User".equalsIgnoreCase(type.asText())) {
            // the type is what the client claims, not what the id is: say so, never "this user is a group"
            throw ScimException.invalidValue("Member " + member.get("value").textValue() + " is sent with type "
                    + describe(type) + ", but only users can be members of a group (members.type is \"User\";"
                    + " nested groups are not supported)");
        }
    }

    private static void requireText(JsonNode value, String label) {
        if (!value.isTextual()) {
            throw ScimException.invalidValue("Attribute '" + label + "' must be a string, got " + describe(value));
        }
    }
}
