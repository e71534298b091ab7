package dev.provisioning.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.provisioning.scim.schema.ScimSchemas;

/**
 * A path that is only a schema URN ({@code "path": "urn:...:enterprise:2.0:User"}, value
 * {@code {"department": "x"}}) is applied as the path-less form {@code {"urn:...:User": {...}}},
 * which {@link DottedKeysInPathlessValue} expands attribute by attribute.
 */
final class ExtensionUrnAsPath {
    private ExtensionUrnAsPath() {
    }

    static boolean isSchemaUrn(String path) {
        String text = path.strip();
        return text.equalsIgnoreCase(ScimSchemas.ENTERPRISE_USER_URN) || text.equalsIgnoreCase(ScimSchemas.USER_URN)
                || text.equalsIgnoreCase(ScimSchemas.GROUP_URN);
    }

    static JsonNode wrap(String urn, JsonNode value) {
        return JsonNodeFactory.instance.objectNode().set(urn.strip(), value);
    }
}
