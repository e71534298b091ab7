package dev.provisioning.scim.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.scim.message.ScimMessages;

import java.util.List;
import java.util.Optional;

/**
 * The discovery documents of RFC 7643 §5–§7 ({@code /ServiceProviderConfig}, {@code /ResourceTypes},
 * {@code /Schemas}) rendered from the definitions in {@link ScimSchemas}, so that what we advertise
 * can never drift from what we enforce.
 *
 * <p>Microsoft's validators reject {@code null} values in these documents and compare wire values
 * exactly (entra-scim.md §4.2), so absent properties are omitted, never written as {@code null}, and
 * every characteristic is written with its camelCase wire name.
 *
 * <p>{@code baseUrl} is the SCIM base URL the client called (e.g. {@code https://host/scim/v2}); a
 * trailing slash is ignored. It only feeds {@code meta.location}.
 */
public final class SchemaDocuments {
    public static final String SCHEMA_URN = "urn:ietf:params:scim:schemas:core:2.0:Schema";
    public static final String RESOURCE_TYPE_URN = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    public static final String SERVICE_PROVIDER_CONFIG_URN =
            "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";

    /** Page size when a list request has no {@code count}; advertised as {@code defaultPageSize}. */
    public static final int DEFAULT_PAGE_SIZE = 100;

    /**
     * The schemas listed by {@code /Schemas}: the resources' (User, enterprise User, Group), then the
     * discovery documents' own (RFC 7643 §8.7.2). The common attributes ({@code id},
     * {@code externalId}, {@code meta}) are deliberately absent: RFC 7643 §3.1 defines them outside
     * any schema.
     */
    public static final List<SchemaDefinition> SCHEMAS = List.of(ScimSchemas.USER, ScimSchemas.ENTERPRISE_USER,
            ScimSchemas.GROUP, DiscoverySchemas.SERVICE_PROVIDER_CONFIG, DiscoverySchemas.RESOURCE_TYPE,
            DiscoverySchemas.SCHEMA);

    /** User first: Microsoft's Postman collection asserts {@code Resources[0].endpoint == "/Users"}. */
    public static final List<ResourceTypeDefinition> RESOURCE_TYPES =
            List.of(ScimSchemas.USER_TYPE, ScimSchemas.GROUP_TYPE);

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SchemaDocuments() {
    }

    /** One schema as RFC 7643 §7 represents it. */
    public static ObjectNode schema(SchemaDefinition schema, String baseUrl) {
        ObjectNode document = JSON.objectNode();
        document.putArray("schemas").add(SCHEMA_URN);
        document.put("id", schema.id());
        document.put("name", schema.name());
        putIfPresent(document, "description", schema.description());
        ArrayNode attributes = document.putArray("attributes");
        schema.attributes().forEach(attribute -> attributes.add(attribute(attribute)));
        document.set("meta", meta("Schema", base(baseUrl) + "/Schemas/" + schema.id()));
        return document;
    }

    /** {@code GET /Schemas}: a ListResponse of every schema in {@link #SCHEMAS}. */
    public static ObjectNode schemasList(String baseUrl) {
        return listResponse(SCHEMAS.stream().map(schema -> schema(schema, baseUrl)).toList());
    }

    /** {@code GET /Schemas/{urn}}; URNs compare case-insensitively (RFC 7643 §2.1). */
    public static Optional<ObjectNode> schemaById(String urn, String baseUrl) {
        return SCHEMAS.stream()
                .filter(schema -> schema.id().equalsIgnoreCase(urn))
                .findFirst()
                .map(schema -> schema(schema, baseUrl));
    }

    /** One resource type as RFC 7643 §6 represents it. */
    public static ObjectNode resourceType(ResourceTypeDefinition type, String baseUrl) {
        ObjectNode document = JSON.objectNode();
        document.putArray("schemas").add(RESOURCE_TYPE_URN);
        document.put("id", type.name());
        document.put("name", type.name());
        document.put("endpoint", type.endpoint());
        putIfPresent(document, "description", type.description());
        document.put("schema", type.core().id());
        if (!type.extensions().isEmpty()) {
            ArrayNode extensions = document.putArray("schemaExtensions");
            // Entra sends users without the enterprise extension, so no extension is required.
            type.extensions().forEach(extension -> extensions.addObject()
                    .put("schema", extension.id())
                    .put("required", false));
        }
        document.set("meta", meta("ResourceType", base(baseUrl) + "/ResourceTypes/" + type.name()));
        return document;
    }

    /** {@code GET /ResourceTypes}: a ListResponse with User first, then Group. */
    public static ObjectNode resourceTypesList(String baseUrl) {
        return listResponse(RESOURCE_TYPES.stream().map(type -> resourceType(type, baseUrl)).toList());
    }

    /** {@code GET /ResourceTypes/{id}}; the id ({@code User}, {@code Group}) compares case-insensitively. */
    public static Optional<ObjectNode> resourceTypeById(String id, String baseUrl) {
        return RESOURCE_TYPES.stream()
                .filter(type -> type.name().equalsIgnoreCase(id))
                .findFirst()
                .map(type -> resourceType(type, baseUrl));
    }

    /**
     * {@code GET /ServiceProviderConfig} as entra-scim.md §4.2 shows it. {@code documentationUri} is
     * omitted: we have no public help page, and a placeholder or {@code null} would fail validators.
     *
     * @param maxResults      the largest page we answer ({@code filter.maxResults}, and
     *                        {@code pagination.maxPageSize})
     * @param etagSupported   whether {@code meta.version} / {@code ETag} / {@code If-Match} are honoured
     * @param cursorSupported whether RFC 9865 cursor pagination is served; only then is the
     *                        {@code pagination} object advertised
     * @param bulk            the limits of {@code POST /Bulk}; {@link BulkLimits#NONE} when it is not offered
     */
    public static ObjectNode serviceProviderConfig(String baseUrl, int maxResults, boolean etagSupported,
            boolean cursorSupported, BulkLimits bulk) {
        ObjectNode document = JSON.objectNode();
        document.putArray("schemas").add(SERVICE_PROVIDER_CONFIG_URN);
        document.putObject("patch").put("supported", true);
        document.putObject("bulk").put("supported", bulk.supported()).put("maxOperations", bulk.maxOperations())
                .put("maxPayloadSize", bulk.maxPayloadSize());
        document.putObject("filter").put("supported", true).put("maxResults", maxResults);
        document.putObject("changePassword").put("supported", false);
        document.putObject("sort").put("supported", true);
        document.putObject("etag").put("supported", etagSupported);
        if (cursorSupported) {
            document.putObject("pagination")
                    .put("cursor", true)
                    .put("index", true)
                    .put("defaultPaginationMethod", "index")
                    // A default above the maximum would contradict itself when maxResults < 100.
                    .put("defaultPageSize", Math.min(DEFAULT_PAGE_SIZE, maxResults))
                    .put("maxPageSize", maxResults)
                    // RFC 9865: 0 = cursors do not expire; ours are keyset positions, not server state.
                    .put("cursorTimeout", 0);
        }
        ArrayNode schemes = document.putArray("authenticationSchemes");
        schemes.addObject()
                .put("type", "oauthbearertoken")
                .put("name", "OAuth Bearer Token")
                .put("description", "Per-provider bearer token in the Authorization header")
                .put("specUri", "https://www.rfc-editor.org/info/rfc6750")
                .put("primary", true);
        // product.md §11: the same bearer header also takes access tokens of a provider's OAuth clients
        schemes.addObject()
                .put("type", "oauth2")
                .put("name", "OAuth 2.0 client credentials")
                .put("description", "Access tokens from POST /oauth/token for an OAuth client of the provider")
                .put("specUri", "https://www.rfc-editor.org/info/rfc6749")
                .put("primary", false);
        document.set("meta", meta("ServiceProviderConfig", base(baseUrl) + "/ServiceProviderConfig"));
        return document;
    }

    private static ObjectNode attribute(AttributeDefinition attribute) {
        ObjectNode node = JSON.objectNode();
        node.put("name", attribute.name());
        node.put("type", attribute.type().wire());
        node.put("multiValued", attribute.multiValued());
        putIfPresent(node, "description", attribute.description());
        node.put("required", attribute.required());
        node.put("caseExact", attribute.caseExact());
        node.put("mutability", attribute.mutability().wire());
        node.put("returned", attribute.returned().wire());
        node.put("uniqueness", attribute.uniqueness().wire());
        if (attribute.isComplex() && !attribute.subAttributes().isEmpty()) {
            ArrayNode subAttributes = node.putArray("subAttributes");
            attribute.subAttributes().forEach(sub -> subAttributes.add(attribute(sub)));
        }
        if (!attribute.canonicalValues().isEmpty()) {
            ArrayNode values = node.putArray("canonicalValues");
            attribute.canonicalValues().forEach(values::add);
        }
        if (attribute.type() == AttributeType.REFERENCE) {
            ArrayNode types = node.putArray("referenceTypes");
            attribute.referenceTypes().forEach(types::add);
        }
        return node;
    }

    private static ObjectNode listResponse(List<ObjectNode> resources) {
        ObjectNode list = JSON.objectNode();
        list.putArray("schemas").add(ScimMessages.LIST_RESPONSE);
        list.put("totalResults", resources.size());
        list.put("startIndex", 1);
        list.put("itemsPerPage", resources.size());
        list.putArray("Resources").addAll(resources);
        return list;
    }

    private static ObjectNode meta(String resourceType, String location) {
        return JSON.objectNode().put("resourceType", resourceType).put("location", location);
    }

    /** Absent and empty descriptions are omitted: validators reject null, and "" says nothing. */
    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, value);
        }
    }

    private static String base(String baseUrl) {
        if (baseUrl == null) {
            return "";
        }
        String base = baseUrl;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base;
    }

    /** What {@code /ServiceProviderConfig} says of Bulk (RFC 7644 §3.7.4): supported when any operation is allowed. */
    public record BulkLimits(int maxOperations, int maxPayloadSize) {
        public static final BulkLimits NONE = new BulkLimits(0, 0);

        public boolean supported() {
            return maxOperations > 0 && maxPayloadSize > 0;
        }
    }
}
