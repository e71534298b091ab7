package dev.provisioning.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioning.ops.ScimConfig;
import dev.provisioning.scim.message.InputQuotes;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.query.ListRequest;
import dev.provisioning.scim.schema.Projection;
import dev.provisioning.scim.schema.ResourceTypeDefinition;
import jakarta.ws.rs.core.UriInfo;

/**
 * The parameters of a SCIM list request as they arrive, from the query string of a GET or from the
 * body of a {@code POST /.search} (RFC 7644 §3.4.3), shared by every resource type.
 */
public record ListParams(String filter, String sortBy, String sortOrder, String startIndex, String count, String cursor,
        String attributes, String excludedAttributes) {

    /**
     * From a GET. RESTEasy Reactive hands {@code ?cursor} / {@code ?cursor=} over as null, but a
     * cursor without a value asks for the first page of a cursor walk (RFC 9865): presence counts.
     */
    public static ListParams fromQuery(String filter, String sortBy, String sortOrder, String startIndex, String count,
            String cursor, String attributes, String excludedAttributes, UriInfo uri) {
        String effectiveCursor = cursor == null && uri != null && uri.getQueryParameters().containsKey("cursor") ? "" : cursor;
        return new ListParams(filter, sortBy, sortOrder, startIndex, count, effectiveCursor, attributes, excludedAttributes);
    }

    /** From a {@code POST /.search} body; {@code attributes} may be a JSON array or a comma-separated string. */
    public static ListParams fromSearchBody(byte[] body) {
        JsonNode request = JsonBodies.parse(body);
        return new ListParams(text(request, "filter"), text(request, "sortBy"), text(request, "sortOrder"),
                text(request, "startIndex"), text(request, "count"), text(request, "cursor"),
                joined(request, "attributes"), joined(request, "excludedAttributes"));
    }

    public ListRequest request(ScimConfig config) {
        int maxLength = config.filter().maxLength();
        if (filter != null && filter.length() > maxLength) {
            throw ScimException.invalidFilter("The filter is longer than " + maxLength + " characters: '"
                    + InputQuotes.quote(filter) + "'");
        }
        return ListRequest.of(filter, sortBy, sortOrder, startIndex, count, cursor, config.defaultPageSize(), config.maxResults());
    }

    public Projection projection(ResourceTypeDefinition type) {
        return Projection.parse(attributes, excludedAttributes, type);
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String joined(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            StringBuilder joined = new StringBuilder();
            value.forEach(item -> joined.append(joined.length() == 0 ? "" : ",").append(item.asText()));
            return joined.toString();
        }
        return value.asText();
    }
}
