package dev.provisioning.scim.bulk;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.scim.message.ScimErrorBody;
import dev.provisioning.scim.message.ScimException;
import java.util.List;

/** The BulkResponse message (RFC 7644 §3.7.3): one result per operation carried out. */
public final class BulkResponses {
    public static final String BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    public static final String BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

    private BulkResponses() {
    }

    /**
     * One operation's result. {@code status} is a string, as in the RFC's examples and SCIM error
     * bodies; a failure carries its SCIM error as {@code response}; a success carries no body (§3.7
     * lets the server omit it; {@code location} and {@code version} name what was written).
     */
    public record Result(BulkOperation operation, int status, String location, String version, ScimException error) {

        public static Result success(BulkOperation operation, int status, String location, String version) {
            return new Result(operation, status, location, version, null);
        }

        public static Result failure(BulkOperation operation, String location, ScimException error) {
            return new Result(operation, error.status(), location, null, error);
        }

        public boolean failed() {
            return error != null;
        }

        ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            if (operation.methodName() != null) {
                json.put("method", operation.methodName());
            }
            if (operation.bulkId() != null) {
                json.put("bulkId", operation.bulkId());
            }
            if (version != null) {
                json.put("version", version);
            }
            if (location != null) {
                json.put("location", location);
            }
            json.put("status", Integer.toString(status));
            if (error != null) {
                json.set("response", ScimErrorBody.of(error));
            }
            return json;
        }
    }

    public static ObjectNode of(List<Result> results) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add(BULK_RESPONSE);
        var operations = body.putArray("Operations");
        results.forEach(result -> operations.add(result.toJson()));
        return body;
    }
}
