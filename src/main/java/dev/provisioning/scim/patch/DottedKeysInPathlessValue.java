package dev.provisioning.scim.patch;

import dev.provisioning.scim.schema.AttributeValues;
import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.ResourceTypeDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Entra quirk (entra-scim §1.8, P5): with {@code aadOptscim062020} simple attributes are folded
 * into one path-less op whose value keys are paths: {@code "name.givenName"},
 * {@code "urn:...:enterprise:2.0:User:employeeNumber"}. Each key is applied as if it were the
 * {@code path} of its own operation, which also covers the RFC's nested forms
 * ({@code {"name": {"givenName": "x"}}} is a replace of {@code name} with a complex value) and a
 * schema-URN key holding an object ({@code {"urn:...:User": {"department": "x"}}}).
 * An unknown key is {@code invalidPath} (product.md §7); {@code schemas} is ignored, at the top and
 * inside an extension's object.
 */
final class DottedKeysInPathlessValue {
    private DottedKeysInPathlessValue() {
    }

    static List<PatchOperation> expand(PatchOperation operation, ResourceTypeDefinition type) {
        JsonNode value = operation.value();
        if (value == null || !value.isObject()) {
            throw ScimException.invalidValue("A path-less " + operation.op().name().toLowerCase(java.util.Locale.ROOT)
                    + " needs an object value, got " + (value == null ? "nothing" : AttributeValues.describe(value)));
        }
        List<PatchOperation> expanded = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String key = field.getKey();
            if (key.equalsIgnoreCase("schemas")) {
                continue;
            }
            if (ExtensionUrnAsPath.isSchemaUrn(key)) {
                JsonNode attributes = field.getValue();
                if (AttributeValues.isUnassigned(attributes)) {
                    continue;
                }
                if (!attributes.isObject()) {
                    throw ScimException.invalidValue("The value of '" + key + "' must be an object of its attributes");
                }
                for (Map.Entry<String, JsonNode> attribute : attributes.properties()) {
                    if (attribute.getKey().equalsIgnoreCase("schemas")) {
                        continue; // a client that sends the extension as a resource object lists its schema too
                    }
                    expanded.add(new PatchOperation(operation.op(),
                            PatchPath.parse(key.strip() + ":" + attribute.getKey()), attribute.getValue()));
                }
                continue;
            }
            expanded.add(new PatchOperation(operation.op(), PatchPath.parse(key), field.getValue()));
        }
        return expanded;
    }
}
