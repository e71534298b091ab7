package dev.provisioning.scim.schema;

import static dev.provisioning.scim.schema.AttributeDefinition.of;

import java.util.List;

/**
 * The schemas of the discovery documents themselves (RFC 7643 §5–§7, represented as in §8.7.2), so
 * that {@code /Schemas} describes {@code /ServiceProviderConfig}, {@code /ResourceTypes} and
 * {@code /Schemas} too (product.md §11). They describe exactly what {@link SchemaDocuments} writes:
 * besides §8.7.2 that is {@code etag}, RFC 9865's {@code pagination}, the authentication scheme's
 * {@code type} and {@code primary} (§5, §8.5), and {@code schemaExtensions} as the multi-valued
 * attribute it is (§8.7.2 lists it as single-valued, which contradicts its own §6 and §8.6).
 *
 * <p>Every attribute is read-only: clients read these documents, they never write them.
 */
public final class DiscoverySchemas {
    private static final String[] TYPES = {"string", "boolean", "decimal", "integer", "dateTime", "binary", "reference",
            "complex"};

    public static final SchemaDefinition SERVICE_PROVIDER_CONFIG = new SchemaDefinition(
            SchemaDocuments.SERVICE_PROVIDER_CONFIG_URN, "Service Provider Configuration",
            "Which SCIM features this service provider supports, and how clients authenticate.", List.of(
            readOnly(of("documentationUri").type(AttributeType.REFERENCE).referenceTypes("external")
                    .description("A page with human-readable help about this service provider.")),
            feature("patch", "Whether PATCH is supported."),
            readOnly(of("bulk").required().description("Bulk operations: whether supported, and their limits.").subAttributes(
                    readOnly(of("supported").type(AttributeType.BOOLEAN).required()),
                    readOnly(of("maxOperations").type(AttributeType.INTEGER).required()
                            .description("The most operations one bulk request may hold.")),
                    readOnly(of("maxPayloadSize").type(AttributeType.INTEGER).required()
                            .description("The largest bulk request body, in bytes.")))),
            readOnly(of("filter").required().description("Filtering: whether supported, and the largest page.").subAttributes(
                    readOnly(of("supported").type(AttributeType.BOOLEAN).required()),
                    readOnly(of("maxResults").type(AttributeType.INTEGER).required()
                            .description("The most resources one response returns.")))),
            feature("changePassword", "Whether the password can be changed."),
            feature("sort", "Whether sorting is supported."),
            feature("etag", "Whether ETags (meta.version, If-Match) are supported."),
            readOnly(of("pagination").description("Pagination methods (RFC 9865).").subAttributes(
                    readOnly(of("cursor").type(AttributeType.BOOLEAN)),
                    readOnly(of("index").type(AttributeType.BOOLEAN)),
                    readOnly(of("defaultPaginationMethod").canonicalValues("cursor", "index")),
                    readOnly(of("defaultPageSize").type(AttributeType.INTEGER)),
                    readOnly(of("maxPageSize").type(AttributeType.INTEGER)),
                    readOnly(of("cursorTimeout").type(AttributeType.INTEGER)))),
            readOnly(of("authenticationSchemes").multiValued().required()
                    .description("How clients authenticate.").subAttributes(
                    readOnly(of("type").required()
                            .canonicalValues("oauth", "oauth2", "oauthbearertoken", "httpbasic", "httpdigest")),
                    readOnly(of("name").required()),
                    readOnly(of("description").required()),
                    readOnly(of("specUri").type(AttributeType.REFERENCE).referenceTypes("external")),
                    readOnly(of("documentationUri").type(AttributeType.REFERENCE).referenceTypes("external")),
                    readOnly(of("primary").type(AttributeType.BOOLEAN))))));

    public static final SchemaDefinition RESOURCE_TYPE = new SchemaDefinition(SchemaDocuments.RESOURCE_TYPE_URN,
            "ResourceType", "A type of resource this service provider serves, and the schemas that describe it.", List.of(
            readOnly(of("id").description("The resource type's identifier; here the same as its name.")),
            readOnly(of("name").required().description("The resource type's name, e.g. User.")),
            readOnly(of("description")),
            readOnly(of("endpoint").type(AttributeType.REFERENCE).referenceTypes("uri").required()
                    .description("The endpoint, relative to the base URL, e.g. /Users.")),
            readOnly(of("schema").type(AttributeType.REFERENCE).referenceTypes("uri").required().caseExact()
                    .description("The URN of the resource type's core schema.")),
            readOnly(of("schemaExtensions").multiValued().description("The schema extensions of the resource type.")
                    .subAttributes(
                    readOnly(of("schema").type(AttributeType.REFERENCE).referenceTypes("uri").required().caseExact()),
                    readOnly(of("required").type(AttributeType.BOOLEAN).required())))));

    /** Sub-attributes of a sub-attribute: only the Schema schema itself nests this deep; left open, as in §8.7.2. */
    private static final AttributeDefinition NESTED_SUB_ATTRIBUTES =
            readOnly(of("subAttributes").multiValued().type(AttributeType.COMPLEX));

    private static final AttributeDefinition SUB_ATTRIBUTES = readOnly(of("subAttributes").multiValued()
            .description("The sub-attributes of a complex attribute.").subAttributes(characteristics(NESTED_SUB_ATTRIBUTES)));

    public static final SchemaDefinition SCHEMA = new SchemaDefinition(SchemaDocuments.SCHEMA_URN, "Schema",
            "The attributes of a schema and their characteristics.", List.of(
            readOnly(of("id").required().description("The schema's URN.")),
            readOnly(of("name")),
            readOnly(of("description")),
            readOnly(of("attributes").multiValued().required().description("The schema's attributes.")
                    .subAttributes(characteristics(SUB_ATTRIBUTES)))));

    private DiscoverySchemas() {
    }

    /** The characteristics of one attribute (RFC 7643 §2.2, §7), optionally followed by {@code subAttributes}. */
    private static AttributeDefinition[] characteristics(AttributeDefinition... more) {
        List<AttributeDefinition> list = new java.util.ArrayList<>(List.of(
                readOnly(of("name").required().caseExact()),
                readOnly(of("type").required().canonicalValues(TYPES)),
                readOnly(of("multiValued").type(AttributeType.BOOLEAN).required()),
                readOnly(of("description")),
                readOnly(of("required").type(AttributeType.BOOLEAN)),
                readOnly(of("canonicalValues").multiValued()),
                readOnly(of("caseExact").type(AttributeType.BOOLEAN)),
                readOnly(of("mutability").canonicalValues("readOnly", "readWrite", "immutable", "writeOnly")),
                readOnly(of("returned").canonicalValues("always", "never", "default", "request")),
                readOnly(of("uniqueness").canonicalValues("none", "server", "global")),
                readOnly(of("referenceTypes").multiValued())));
        list.addAll(List.of(more));
        return list.toArray(AttributeDefinition[]::new);
    }

    private static AttributeDefinition feature(String name, String description) {
        return readOnly(of(name).required().description(description)
                .subAttributes(readOnly(of("supported").type(AttributeType.BOOLEAN).required())));
    }

    private static AttributeDefinition readOnly(AttributeDefinition.Builder builder) {
        return builder.mutability(Mutability.READ_ONLY).build();
    }
}
