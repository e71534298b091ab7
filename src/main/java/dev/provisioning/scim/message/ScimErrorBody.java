package dev.provisioning.scim.message;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The RFC 7644 §3.12 error body: {@code status} is the HTTP status as a JSON string; the
 * {@code detail} repeats at most {@link InputQuotes#MAX_QUOTED} characters of any input.
 */
public final class ScimErrorBody {

    private ScimErrorBody() {
    }

    public static ObjectNode of(int status, ScimType scimType, String detail) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add(ScimMessages.ERROR);
        body.put("status", Integer.toString(status));
        if (scimType != null) {
            body.put("scimType", scimType.wire());
        }
        if (detail != null && !detail.isEmpty()) {
            body.put("detail", InputQuotes.limit(detail));
        }
        return body;
    }

    public static ObjectNode of(ScimException exception) {
        return of(exception.status(), exception.scimType(), exception.detail());
    }
}
