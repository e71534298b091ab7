package dev.provisioning.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.scim.message.ScimErrorBody;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.message.ScimMessages;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;

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
            return MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always serialises", e);
        }
    }
}
