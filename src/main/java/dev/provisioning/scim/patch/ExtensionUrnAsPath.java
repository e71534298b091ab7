package dev.provisioning.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.AttributeDefinition;
import dev.provisioning.scim.schema.ScimSchemas;
import java.util.ArrayList;
import java.util.List;

/**
 * A path that is only a schema URN. For add and replace ({@code "path": "urn:...:enterprise:2.0:User"},
 * value {@code {"department": "x"}}) it is applied as the path-less form {@code {"urn:...:User": {...}}},
 * which {@link DottedKeysInPathlessValue} expands attribute by attribute. For remove it removes the
 * whole extension, as one remove per attribute of that schema (RFC 7644 §3.5.2.2: the target is the
 * extension's complex value; generic SCIM test suites send it). The core schema cannot be removed.
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

    /** {@code remove} of a schema URN: every attribute of the extension; the core schema is refused. */
    static List<PatchOperation> removals(String urn, int index) {
        String text = urn.strip();
        if (!text.equalsIgnoreCase(ScimSchemas.ENTERPRISE_USER_URN)) {
            throw ScimException.invalidPath("Operations[" + index + "]: 'remove' cannot target the core schema '" + text
                    + "'; name the attributes to remove");
        }
        List<PatchOperation> removals = new ArrayList<>();
        for (AttributeDefinition attribute : ScimSchemas.ENTERPRISE_USER.attributes()) {
            removals.add(new PatchOperation(PatchOperation.Op.REMOVE,
                    PatchPath.parse(ScimSchemas.ENTERPRISE_USER_URN + ":" + attribute.name()), null));
        }
        return removals;
    }
}
