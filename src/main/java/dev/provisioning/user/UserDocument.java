package dev.provisioning.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the product-relevant values out of a stored SCIM User document, and builds the document
 * a product user shows to SCIM before any provider wrote to it (product.md §3.1).
 */
public final class UserDocument {

    private UserDocument() {
    }

    /**
     * The email that links the account (product.md §3.1, §11), in this order: the {@code work} email;
     * without one, {@code userName} when it is an email address (Okta's and most clients' user id);
     * then the primary email; then the only email. A document none of these fits falls back to its
     * first untyped email, then to {@code userName}. Returned exactly as sent; matching trims and
     * ignores case.
     */
    public static String matchingEmail(ObjectNode doc) {
        JsonNode emails = doc.get("emails");
        ArrayNode list = emails instanceof ArrayNode array ? array : JsonNodeFactory.instance.arrayNode();
        for (JsonNode email : list) {
            if (email.path("type").isTextual() && email.get("type").asText().trim().equalsIgnoreCase("work")
                    && hasValue(email)) {
                return email.get("value").asText();
            }
        }
        String userName = userName(doc);
        if (isEmailAddress(userName)) {
            return userName;
        }
        for (JsonNode email : list) {
            if (email.path("primary").asBoolean(false) && hasValue(email)) {
                return email.get("value").asText();
            }
        }
        if (list.size() == 1 && hasValue(list.get(0))) {
            return list.get(0).get("value").asText();
        }
        for (JsonNode email : list) {
            if (!email.hasNonNull("type") && hasValue(email)) {
                return email.get("value").asText();
            }
        }
        return userName;
    }

    /** {@code local@domain}, both parts present, no blanks inside (surrounding blanks are ignored, as in matching). */
    static boolean isEmailAddress(String value) {
        if (value == null) {
            return false;
        }
        String text = value.strip();
        int at = text.indexOf('@');
        return at > 0 && at == text.lastIndexOf('@') && at < text.length() - 1 && text.chars().noneMatch(Character::isWhitespace);
    }

    private static boolean hasValue(JsonNode email) {
        return email.path("value").isTextual() && !email.get("value").asText().isBlank();
    }

    public static String userName(ObjectNode doc) {
        return doc.path("userName").asText(null);
    }

    public static String externalId(ObjectNode doc) {
        JsonNode value = doc.get("externalId");
        return value == null || value.isNull() ? null : value.asText();
    }

    public static String displayName(ObjectNode doc) {
        JsonNode value = doc.get("displayName");
        if (value != null && value.isTextual()) {
            return value.asText();
        }
        JsonNode formatted = doc.path("name").get("formatted");
        return formatted != null && formatted.isTextual() ? formatted.asText() : null;
    }

    /** The {@code active} value of the document, or {@code fallback} when it has none. */
    public static boolean active(ObjectNode doc, boolean fallback) {
        JsonNode value = doc.get("active");
        return value != null && value.isBoolean() ? value.booleanValue() : fallback;
    }


    /**
     * The SCIM view of a product user no provider has written to: its email as work email and userName.
     * {@link UserRepository} builds the same document in SQL when it resets many users at once.
     */
    public static ObjectNode forProductUser(String email, String displayName, boolean active) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("userName", email);
        if (displayName != null) {
            doc.put("displayName", displayName);
        }
        doc.put("active", active);
        ObjectNode work = doc.putArray("emails").addObject();
        work.put("value", email);
        work.put("type", "work");
        work.put("primary", true);
        return doc;
    }
}
