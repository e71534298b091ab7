package dev.provisioning.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.web.AdminException;
import dev.provisioning.web.StrictJson;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Admin request bodies, read as JSON trees so that every error names its field
 * ({@code {"message", "field"}}, product.md §5) and so that PATCH can tell an absent field from
 * an explicit {@code null} (which clears {@code defaultTeamId} or a team's provider).
 */
public final class AdminBodies {
    static final int MAX_NAME = 200;

    private AdminBodies() {
    }

    public static ObjectNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw AdminException.badRequest(null, "The request body is empty; a JSON object is required");
        }
        JsonNode tree;
        try {
            tree = StrictJson.read(body);
        } catch (StrictJson.Invalid e) {
            throw AdminException.badRequest(null, e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw AdminException.badRequest(null, "The request body must be a JSON object");
        }
        return (ObjectNode) tree;
    }

    static boolean has(ObjectNode body, String field) {
        return body.has(field);
    }

    public static String requiredName(ObjectNode body, String field) {
        String value = optionalName(body, field);
        if (value == null) {
            throw AdminException.badRequest(field, field + " is required");
        }
        return value;
    }

    /** A name when given: a non-blank string of at most {@value #MAX_NAME} characters, stored as sent. */
    public static String optionalName(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw AdminException.badRequest(field, field + " must be a string");
        }
        String text = value.asText();
        if (text.isBlank()) {
            throw AdminException.badRequest(field, field + " must not be blank");
        }
        if (text.length() > MAX_NAME) {
            throw AdminException.badRequest(field, field + " must be at most " + MAX_NAME + " characters");
        }
        return text;
    }

    /** A required email address, stored as sent: one {@code @} with something on both sides, no blanks inside. */
    public static String requiredEmail(ObjectNode body, String field) {
        String email = requiredName(body, field);
        String trimmed = email.strip();
        int at = trimmed.indexOf('@');
        if (at <= 0 || at != trimmed.lastIndexOf('@') || at == trimmed.length() - 1 || trimmed.chars().anyMatch(Character::isWhitespace)) {
            throw AdminException.badRequest(field, field + " must be an email address such as jane@example.com");
        }
        return email;
    }

    /** A product role, {@code regular} when absent. */
    public static String role(ObjectNode body, String field) {
        String role = body.has(field) && !body.get(field).isNull() ? optionalName(body, field) : "regular";
        if (!UserAdmin.ROLES.contains(role)) {
            throw AdminException.badRequest(field, field + " must be one of " + String.join(", ", UserAdmin.ROLES));
        }
        return role;
    }

    public static Boolean optionalBoolean(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw AdminException.badRequest(field, field + " must be true or false");
        }
        return value.booleanValue();
    }

    /** A UUID or null; the field itself must be present when {@code required}. */
    public static UUID nullableUuid(ObjectNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null && required) {
            throw AdminException.badRequest(field, field + " is required (null clears it)");
        }
        return uuidOrNull(value, field, "an id (a UUID string) or null");
    }

    /**
     * An Entra tenant ID (product.md §11) or null: a GUID, worded for the administrator who copies it
     * from the Entra admin center, since the console shows this message next to its field.
     */
    public static UUID nullableEntraTenantId(ObjectNode body, String field) {
        return uuidOrNull(body.get(field), field, "a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47"
                + " (Entra admin center → Overview → Tenant ID)");
    }

    private static UUID uuidOrNull(JsonNode value, String field, String expected) {
        if (value == null || value.isNull()) {
            return null;
        }
        UUID id = value.isTextual() ? AdminAccess.parse(value.asText()) : null;
        if (id == null) {
            throw AdminException.badRequest(field, field + " must be " + expected);
        }
        return id;
    }

    public static List<String> stringList(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        List<String> items = new ArrayList<>();
        if (value == null || value.isNull()) {
            return items;
        }
        if (!value.isArray()) {
            throw AdminException.badRequest(field, field + " must be an array of strings");
        }
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw AdminException.badRequest(field, field + " must be an array of non-blank strings");
            }
            if (!items.contains(item.asText())) {
                items.add(item.asText());
            }
        }
        return items;
    }
}
