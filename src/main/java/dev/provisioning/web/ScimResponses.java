package dev.provisioning.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.scim.message.ScimErrorBody;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.message.ScimMessages;
import jakarta.ws.rs.core.Response;

/** Builds SCIM responses: bodies serialised here, always {@code application/scim+json}. */
public final class ScimResponses {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    public static final String CONTENT_TYPE = ScimMessages.MEDIA_TYPE + "; charset=utf-8";

    private ScimResponses() {
    }

    public static Response json(int status, JsonNode body) {
        return Response.status(status).entity(bytes(body)).type(CONTENT_TYPE).build();
    }

    public static Response.ResponseBuilder builder(int status, JsonNode body) {
        return Response.status(status).entity(bytes(body)).type(CONTENT_TYPE);
    }

    public static Response error(ScimException exception) {
        Response.ResponseBuilder builder = builder(exception.status(), ScimErrorBody.of(exception));
        if (exception.status() == 401) {
            builder.header("WWW-Authenticate", "Bearer realm=\"scim\"");
        }
        return builder.build();
    }

    public static byte[] bytes(JsonNode body) {
        try {
            // straight to UTF-8 bytes: no String of the whole body (20 MB for a 100 000-member group) on the way
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always serialises", e);
        }
    }
}
