package dev.provisioning.scim.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioning.scim.message.ScimException;

/**
 * One operation of a bulk request as it was sent (RFC 7644 §3.7).
 *
 * @param index   its position in the request, from 0
 * @param method  the method; null when it was missing or unknown (then {@code problem} says so)
 * @param path    the target, e.g. {@code /Users} or {@code /Groups/bulkId:g1}; null when missing
 * @param bulkId  the client's name for the resource a POST creates; may be null
 * @param version the ETag the target must still have ({@code If-Match}); may be null
 * @param data    the body of the single request it stands for: the resource for POST and PUT, the
 *                PatchOp message for PATCH; null for DELETE
 * @param problem why the operation cannot be carried out as sent, answered as its own error; null when fine
 */
public record BulkOperation(int index, BulkMethod method, String path, String bulkId, String version, JsonNode data,
        ScimException problem) {

    /** The method as the response repeats it. */
    public String methodName() {
        return method == null ? null : method.name();
    }
}
