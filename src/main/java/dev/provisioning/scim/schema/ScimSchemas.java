package dev.provisioning.scim.schema;

import static dev.provisioning.scim.schema.AttributeDefinition.of;

import java.util.List;

/**
 * The schemas this service speaks: core User (RFC 7643 §4.1), enterprise User (§4.3) and core
 * Group (§4.2), plus the common attributes (§3.1). Every attribute Microsoft Entra can map is
 * advertised so that its schema discovery and attribute diffing converge (entra-scim.md §2, §4.2).
 */
public final class ScimSchemas {
    public static final String USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String ENTERPRISE_USER_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final String GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group";

    private static final AttributeDefinition PRIMARY = of("primary").type(AttributeType.BOOLEAN)
            .description("Whether this is the primary value; at most one per attribute.").build();
    private static final AttributeDefinition DISPLAY = of("display")
            .description("A human-readable name, primarily used for display purposes.").build();

    /**
     * {@code externalId} is a common attribute (RFC 7643 §3.1) but is also listed in the User and
     * Group schema documents, as §3.1 allows: Entra maps {@code mailNickname} and the group
     * {@code objectId} to it, and its schema discovery fails on mapped attributes it cannot find.
     */
    private static final AttributeDefinition EXTERNAL_ID = of("externalId").caseExact()
            .description("Identifier assigned by the provisioning client.").build();

    public static final SchemaDefinition COMMON = new SchemaDefinition("urn:ietf:params:scim:schemas:common", "Common",
            "Attributes every resource has (RFC 7643 §3.1).", List.of(
            of("id").caseExact().mutability(Mutability.READ_ONLY).returned(Returned.ALWAYS)
                    .uniqueness(Uniqueness.SERVER).description("Unique identifier assigned by the service provider.").build(),
            EXTERNAL_ID,
            of("meta").mutability(Mutability.READ_ONLY).description("Resource metadata.").subAttributes(
                    of("resourceType").caseExact().mutability(Mutability.READ_ONLY).build(),
                    of("created").type(AttributeType.DATE_TIME).mutability(Mutability.READ_ONLY).build(),
                    of("lastModified").type(AttributeType.DATE_TIME).mutability(Mutability.READ_ONLY).build(),
                    of("location").type(AttributeType.REFERENCE).referenceTypes("uri").caseExact()
                            .mutability(Mutability.READ_ONLY).build(),
                    of("version").caseExact().mutability(Mutability.READ_ONLY).build()).build()));

    public static final SchemaDefinition USER = new SchemaDefinition(USER_URN, "User", "User Account", List.of(
            EXTERNAL_ID,
            of("userName").required().uniqueness(Uniqueness.SERVER)
                    .description("Unique identifier for the User, typically used to sign in.").build(),
            of("name").description("The components of the user's real name.").subAttributes(
                    of("formatted").build(), of("familyName").build(), of("givenName").build(),
                    of("middleName").build(), of("honorificPrefix").build(), of("honorificSuffix").build()).build(),
            of("displayName").description("The name of the User, suitable for display.").build(),
            of("nickName").build(),
            of("profileUrl").type(AttributeType.REFERENCE).referenceTypes("external").build(),
            of("title").build(),
            of("userType").build(),
            of("preferredLanguage").build(),
            of("locale").build(),
            of("timezone").build(),
            of("active").type(AttributeType.BOOLEAN).description("The User's administrative status.").build(),
            of("password").mutability(Mutability.WRITE_ONLY).returned(Returned.NEVER)
                    .description("Not supported: accepted and ignored, never returned.").build(),
            of("emails").multiValued().description("Email addresses; the work email links the account.").subAttributes(
                    of("value").build(), DISPLAY,
                    of("type").canonicalValues("work", "home", "other").build(), PRIMARY).build(),
            of("phoneNumbers").multiValued().subAttributes(
                    of("value").build(), DISPLAY,
                    of("type").canonicalValues("work", "home", "mobile", "fax", "pager", "other").build(),
                    PRIMARY).build(),
            of("ims").multiValued().subAttributes(
                    of("value").build(), DISPLAY,
                    of("type").canonicalValues("aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo").build(),
                    PRIMARY).build(),
            of("photos").multiValued().subAttributes(
                    of("value").type(AttributeType.REFERENCE).referenceTypes("external").build(), DISPLAY,
                    of("type").canonicalValues("photo", "thumbnail").build(), PRIMARY).build(),
            of("addresses").multiValued().subAttributes(
                    of("formatted").build(), of("streetAddress").build(), of("locality").build(),
                    of("region").build(), of("postalCode").build(), of("country").build(),
                    of("type").canonicalValues("work", "home", "other").build(), PRIMARY).build(),
            of("groups").multiValued().mutability(Mutability.READ_ONLY)
                    .description("The teams the user belongs to; changed only through /Groups.").subAttributes(
                    of("value").mutability(Mutability.READ_ONLY).build(),
                    of("$ref").type(AttributeType.REFERENCE).referenceTypes("Group")
                            .mutability(Mutability.READ_ONLY).build(),
                    of("display").mutability(Mutability.READ_ONLY).build(),
                    of("type").canonicalValues("direct", "indirect").mutability(Mutability.READ_ONLY).build()).build(),
            of("entitlements").multiValued().subAttributes(
                    of("value").build(), DISPLAY, of("type").build(), PRIMARY).build(),
            of("roles").multiValued().subAttributes(
                    of("value").build(), DISPLAY, of("type").build(), PRIMARY).build(),
            of("x509Certificates").multiValued().subAttributes(
                    of("value").type(AttributeType.BINARY).build(), DISPLAY, of("type").build(), PRIMARY).build()));

    public static final SchemaDefinition ENTERPRISE_USER = new SchemaDefinition(ENTERPRISE_USER_URN, "EnterpriseUser",
            "Enterprise User", List.of(
            of("employeeNumber").build(),
            of("costCenter").build(),
            of("organization").build(),
            of("division").build(),
            of("department").build(),
            of("manager").description("The user's manager, by the manager's id.").subAttributes(
                    of("value").build(),
                    of("$ref").type(AttributeType.REFERENCE).referenceTypes("User").build(),
                    of("displayName").mutability(Mutability.READ_ONLY).build()).build()));

    public static final SchemaDefinition GROUP = new SchemaDefinition(GROUP_URN, "Group", "Group", List.of(
            EXTERNAL_ID,
            of("displayName").required().description("A human-readable name for the Group; unique per provider.").build(),
            of("members").multiValued().description("A list of members of the Group.").subAttributes(
                    of("value").mutability(Mutability.IMMUTABLE).build(),
                    // only users can be members (no nested groups): type and $ref advertise exactly that
                    of("$ref").type(AttributeType.REFERENCE).referenceTypes("User")
                            .mutability(Mutability.IMMUTABLE).build(),
                    of("display").mutability(Mutability.READ_ONLY).build(),
                    of("type").canonicalValues("User").mutability(Mutability.IMMUTABLE).build()).build()));

    public static final ResourceTypeDefinition USER_TYPE = new ResourceTypeDefinition("User", "/Users", "User Account",
            USER, List.of(ENTERPRISE_USER), COMMON);

    public static final ResourceTypeDefinition GROUP_TYPE = new ResourceTypeDefinition("Group", "/Groups", "Group",
            GROUP, List.of(), COMMON);

    private ScimSchemas() {
    }
}
