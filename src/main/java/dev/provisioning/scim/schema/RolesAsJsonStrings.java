package dev.provisioning.scim.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Entra quirk (entra-scim §2, P19): app-role assignments arrive as JSON-encoded strings, either as
 * the element itself ({@code "{\"id\":...,\"value\":\"Admin\"}"}) or inside the element's
 * {@code value} ({@code {"value": "{\"id\":...}"}}) — SCIM-SDK's
 * {@code MsAzurePatchValueSubAttributeRebuilder}. The string is parsed into the element object.
 */
final class RolesAsJsonStrings {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RolesAsJsonStrings() {
    }

    static JsonNode unwrap(JsonNode element) {
        if (element.isTextual()) {
            ObjectNode parsed = parseObject(element.textValue());
            return parsed != null ? parsed : element;
        }
        if (element.isObject() && element.path("value").isTextual()) {
            ObjectNode parsed = parseObject(element.get("value").textValue());
            if (parsed != null) {
                ObjectNode merged = ((ObjectNode) element).deepCopy();
                merged.remove("value");
                merged.setAll(parsed);
                return merged;
            }
        }
        return element;
    }

    private static ObjectNode parseObject(String text) {
        String trimmed = text.trim();
        if (!trimmed.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(trimmed);
            return node instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }
}
