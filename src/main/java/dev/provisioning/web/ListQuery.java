package dev.provisioning.web;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The query parameters of a SCIM list request (RFC 7644 §3.4.2, RFC 9865), as every GET list
 * endpoint takes them ({@code @BeanParam ListQuery query}).
 */
public class ListQuery {
    @RestQuery
    String filter;
    @RestQuery
    String sortBy;
    @RestQuery
    String sortOrder;
    @RestQuery
    String startIndex;
    @RestQuery
    String count;
    @RestQuery
    String cursor;
    @RestQuery
    String attributes;
    @RestQuery
    String excludedAttributes;
    @Context
    UriInfo uri;

    public ListParams params() {
        return ListParams.fromQuery(filter, sortBy, sortOrder, startIndex, count, cursor, attributes, excludedAttributes, uri);
    }
}
