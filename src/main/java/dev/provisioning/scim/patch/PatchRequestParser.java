package dev.provisioning.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioning.scim.message.InputQuotes;
import dev.provisioning.scim.message.ScimException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a PatchOp message (RFC 7644 §3.5.2) into operations. Lenient where Entra and the
 * validators need it (entra-scim §8.8): {@code schemas} may be missing, the {@code Operations} key
 * may have any case, an empty array is a valid no-op; op names in any case.
 */
public final class PatchRequestParser {
    /** Longest PATCH path accepted (product.md §9); real ones, value filters included, stay far below it. */
    public static final int MAX_PATH_LENGTH = 1000;

    private PatchRequestParser() {
    }

    public static List<PatchOperation> parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("A PATCH body must be a JSON object with an 'Operations' array");
        }
        JsonNode operations = null;
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (field.getKey().equalsIgnoreCase("Operations")) {
                operations = field.getValue();
            }
        }
        if (operations == null || !operations.isArray()) {
            throw ScimException.invalidSyntax("A PATCH body needs an 'Operations' array");
        }
        List<PatchOperation> result = new ArrayList<>(operations.size());
        int index = 0;
        for (JsonNode operation : operations) {
            result.addAll(operation(operation, index++));
        }
        return List.copyOf(result);
    }

    /**
     * {@link #parse(JsonNode)} for the resource {@code ownId}: a value that carries the resource's own
     * {@code id} (Okta's group rename, product.md §11) has it dropped; a different id stays and is
     * refused as {@code mutability} by the engine.
     */
    public static List<PatchOperation> parse(JsonNode body, String ownId) {
        return OwnIdInValue.drop(parse(body), ownId);
    }

    private static List<PatchOperation> operation(JsonNode operation, int index) {
        if (!operation.isObject()) {
            throw ScimException.invalidSyntax("Operations[" + index + "] must be an object");
        }
        JsonNode opNode = field(operation, "op");
        if (opNode == null || !opNode.isTextual()) {
            throw ScimException.invalidSyntax("Operations[" + index + "] needs an 'op' string");
        }
        PatchOperation.Op op = CapitalisedOpNames.read(opNode.textValue(), index);
        JsonNode pathNode = field(operation, "path");
        JsonNode value = field(operation, "value");
        PatchPath path = null;
        if (pathNode != null && !pathNode.isNull()) {
            if (!pathNode.isTextual()) {
                throw ScimException.invalidPath("Operations[" + index + "]: 'path' must be a string");
            }
            if (pathNode.textValue().length() > MAX_PATH_LENGTH) {
                throw ScimException.invalidPath("Operations[" + index + "]: the path is longer than " + MAX_PATH_LENGTH
                        + " characters: '" + InputQuotes.quote(pathNode.textValue()) + "'");
            }
            if (!pathNode.textValue().isBlank()) {
                if (!ExtensionUrnAsPath.isSchemaUrn(pathNode.textValue())) {
                    path = PatchPath.parse(pathNode.textValue());
                } else if (op == PatchOperation.Op.REMOVE) {
                    return ExtensionUrnAsPath.removals(pathNode.textValue(), index);
                } else {
                    value = ExtensionUrnAsPath.wrap(pathNode.textValue(), value);
                }
            }
        }
        if (op != PatchOperation.Op.REMOVE && value == null) {
            // an explicit "value": null is the gallery's "clear this attribute"; no value at all is a malformed op
            throw ScimException.invalidValue("Operations[" + index + "]: '" + opNode.textValue() + "' needs a value");
        }
        if (op == PatchOperation.Op.REMOVE && path == null) {
            throw ScimException.noTarget("Operations[" + index + "]: 'remove' needs a path");
        }
        return List.of(new PatchOperation(op, path, value));
    }

    /** Member names of the operation object are matched case-insensitively too. */
    private static JsonNode field(JsonNode object, String name) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }
}
