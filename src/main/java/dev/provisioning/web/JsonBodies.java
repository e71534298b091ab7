package dev.provisioning.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioning.scim.message.ScimException;
import java.util.UUID;

/** Request parsing shared by the SCIM resources: bodies to JSON trees, path ids to UUIDs. */
public final class JsonBodies {
    private JsonBodies() {
    }

    /** The body as a JSON object ({@link StrictJson}); anything else is 400 {@code invalidSyntax}. */
    public static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ScimException.invalidSyntax("The request body is empty; a JSON object is required");
        }
        JsonNode tree;
        try {
            tree = StrictJson.read(body);
        } catch (StrictJson.Invalid e) {
            throw ScimException.invalidSyntax(e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw ScimException.invalidSyntax("The request body must be a JSON object");
        }
        return tree;
    }

    /** A resource id from the path; ids that are not UUIDs name no resource (404, not 400). */
    public static UUID resourceId(String id, String resourceType) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ScimException.notFound(resourceType + " " + id + " not found");
        }
    }
}
