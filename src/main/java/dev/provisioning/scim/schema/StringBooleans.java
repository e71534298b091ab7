package dev.provisioning.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;

/**
 * Entra quirk (entra-scim §1.8, P1): without {@code aadOptscim062020} Entra's default mapping for
 * {@code active} produces the strings {@code "True"} / {@code "False"}; admins also write lowercase.
 * Boolean attributes accept these strings in any case. Anything else stays an error.
 */
final class StringBooleans {
    private StringBooleans() {
    }

    /** The boolean the node stands for, or null when it is neither a boolean nor a boolean string. */
    static BooleanNode coerce(JsonNode node) {
        if (node.isBoolean()) {
            return BooleanNode.valueOf(node.booleanValue());
        }
        if (node.isTextual()) {
            String text = node.textValue();
            if ("true".equalsIgnoreCase(text)) {
                return BooleanNode.TRUE;
            }
            if ("false".equalsIgnoreCase(text)) {
                return BooleanNode.FALSE;
            }
        }
        return null;
    }
}
