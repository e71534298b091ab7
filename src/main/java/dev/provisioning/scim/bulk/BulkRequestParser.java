package dev.provisioning.scim.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.AttributeValues;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a BulkRequest message (RFC 7644 §3.7). What makes the whole request unusable is a 400 (or
 * a 413 above {@code maxOperations}, §3.7.4): not an object, no {@code Operations} array, a
 * {@code failOnErrors} that is not a whole number of at least 1, a {@code bulkId} used twice, an
 * operation that is not an object or whose {@code method}, {@code path}, {@code bulkId} or
 * {@code version} is not a string. What is
 * wrong with one operation (no or an unknown method, no path, a POST without the {@code bulkId} §3.7
 * requires, no data) is that operation's own
 * error, and the others still run ("as many changes as possible", §3.7).
 *
 * <p>Lenient as the PATCH parser is: {@code schemas} may be missing, member names match in any case,
 * methods in any case. A PATCH operation's {@code data} may be the PatchOp message (RFC 7644 erratum
 * 5050) or, as §3.7's original example shows it, the bare array of operations.
 */
public final class BulkRequestParser {
    private BulkRequestParser() {
    }

    public static BulkRequest parse(JsonNode body, int maxOperations) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("A bulk request must be a JSON object with an 'Operations' array");
        }
        JsonNode operations = field(body, "Operations");
        if (operations == null || !operations.isArray()) {
            throw ScimException.invalidSyntax("A bulk request needs an 'Operations' array");
        }
        if (operations.size() > maxOperations) {
            throw ScimException.payloadTooLarge("The bulk request has " + operations.size()
                    + " operations; at most " + maxOperations + " are accepted (maxOperations in /ServiceProviderConfig)");
        }
        Integer failOnErrors = failOnErrors(field(body, "failOnErrors"));
        List<BulkOperation> parsed = new ArrayList<>(operations.size());
        Set<String> bulkIds = new HashSet<>();
        for (int i = 0; i < operations.size(); i++) {
            BulkOperation operation = operation(operations.get(i), i);
            if (operation.bulkId() != null && !bulkIds.add(operation.bulkId())) {
                throw ScimException.invalidValue("bulkId '" + operation.bulkId() + "' is used by more than one operation;"
                        + " each bulkId must be unique within the request");
            }
            parsed.add(operation);
        }
        return new BulkRequest(parsed, failOnErrors);
    }

    private static Integer failOnErrors(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
            throw ScimException.invalidValue("failOnErrors must be a whole number of at least 1, got " + AttributeValues.describe(value));
        }
        return value.intValue();
    }

    private static BulkOperation operation(JsonNode operation, int index) {
        if (!operation.isObject()) {
            throw ScimException.invalidSyntax("Operations[" + index + "] must be an object");
        }
        String bulkId = text(operation, "bulkId", index);
        String version = text(operation, "version", index);
        String path = text(operation, "path", index);
        String methodText = text(operation, "method", index);
        BulkMethod method = methodText == null ? null : BulkMethod.of(methodText);
        JsonNode data = field(operation, "data");
        ScimException problem = null;
        if (methodText == null) {
            problem = ScimException.invalidSyntax("Operations[" + index + "] needs a 'method' (POST, PUT, PATCH or DELETE)");
        } else if (method == null) {
            problem = ScimException.invalidValue("Operations[" + index + "]: method '" + methodText
                    + "' is not one of POST, PUT, PATCH, DELETE");
        } else if (path == null || path.isBlank()) {
            problem = ScimException.invalidSyntax("Operations[" + index + "] needs a 'path', e.g. /Users or /Users/{id}");
        } else if (method == BulkMethod.POST && (bulkId == null || bulkId.isBlank())) {
            problem = ScimException.invalidSyntax("Operations[" + index + "]: bulkId is required for a POST (RFC 7644 §3.7);"
                    + " nothing was created");
        } else if (method == BulkMethod.DELETE) {
            data = null;
        } else if (method == BulkMethod.PATCH && data != null && data.isArray()) {
            data = JsonNodeFactory.instance.objectNode().set("Operations", data);
        } else if (data == null || !data.isObject()) {
            problem = ScimException.invalidSyntax("Operations[" + index + "]: a " + method + " needs 'data', the body of the"
                    + " request it stands for, as a JSON object");
        }
        return new BulkOperation(index, method, path, bulkId, version, data, problem);
    }

    private static String text(JsonNode operation, String name, int index) {
        JsonNode value = field(operation, name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ScimException.invalidSyntax("Operations[" + index + "]: '" + name + "' must be a string");
        }
        return value.textValue();
    }

    /** Member names match in any case, as everywhere in SCIM messages. */
    private static JsonNode field(JsonNode object, String name) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }
}
