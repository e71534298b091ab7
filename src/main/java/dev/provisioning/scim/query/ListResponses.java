package dev.provisioning.scim.query;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.scim.message.ScimMessages;
import java.util.List;

/** The ListResponse message of RFC 7644 §3.4.2 (with RFC 9865's {@code nextCursor}). */
public final class ListResponses {

    private ListResponses() {
    }

    public static ObjectNode of(Long totalResults, int startIndex, List<ObjectNode> resources, String nextCursor,
            boolean cursorPaging) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add(ScimMessages.LIST_RESPONSE);
        if (totalResults != null) {
            body.put("totalResults", totalResults);
        }
        if (!cursorPaging) {
            body.put("startIndex", startIndex);
        }
        body.put("itemsPerPage", resources.size());
        if (nextCursor != null) {
            body.put("nextCursor", nextCursor);
        }
        body.putArray("Resources").addAll(resources);
        return body;
    }
}
