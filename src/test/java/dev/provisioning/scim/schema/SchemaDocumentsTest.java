package dev.provisioning.scim.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaDocumentsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BASE = "https://scim.example.com/scim/v2";
    private static final String ENTERPRISE = ScimSchemas.ENTERPRISE_USER_URN;
    private static final SchemaDocuments.BulkLimits BULK = new SchemaDocuments.BulkLimits(1000, 1_048_576);

    /** Every SCIM target of entra-scim.md §2 (default and optional mappings), as the gallery test flattens them. */
    @ParameterizedTest
    @ValueSource(strings = {
            "User:userName", "User:active", "User:displayName", "User:title", "User:emails",
            "User:emails.value", "User:emails.type", "User:emails.primary", "User:emails.display",
            "User:preferredLanguage", "User:name", "User:name.givenName", "User:name.familyName",
            "User:name.formatted", "User:name.honorificPrefix", "User:name.honorificSuffix", "User:name.middleName",
            "User:addresses", "User:addresses.formatted", "User:addresses.streetAddress", "User:addresses.locality",
            "User:addresses.region", "User:addresses.postalCode", "User:addresses.country", "User:addresses.type",
            "User:addresses.primary",
            "User:phoneNumbers", "User:phoneNumbers.value", "User:phoneNumbers.type", "User:phoneNumbers.primary",
            "User:nickName", "User:userType", "User:locale", "User:timezone", "User:profileUrl",
            "User:roles", "User:roles.value", "User:roles.display", "User:roles.type", "User:roles.primary",
            "User:groups.value", "User:groups.display", "User:password",
            "Enterprise:employeeNumber", "Enterprise:department", "Enterprise:costCenter", "Enterprise:organization",
            "Enterprise:division", "Enterprise:manager", "Enterprise:manager.value", "Enterprise:manager.$ref",
            "Enterprise:manager.displayName",
            "Group:displayName", "Group:members", "Group:members.value", "Group:members.$ref",
            "Group:members.display", "Group:members.type"})
    void advertisesEveryMappableAttribute(String qualified) {
        String[] parts = qualified.split(":", 2);
        String urn = switch (parts[0]) {
            case "User" -> ScimSchemas.USER_URN;
            case "Enterprise" -> ENTERPRISE;
            default -> ScimSchemas.GROUP_URN;
        };
        assertThat(flattenedPaths(SchemaDocuments.schemasList(BASE))).contains(urn + ":" + parts[1]);
    }

    @Test
    void commonAttributesAreNotListedInSchemaDocumentsExceptExternalId() {
        Set<String> paths = flattenedPaths(SchemaDocuments.schemasList(BASE));
        for (String urn : List.of(ScimSchemas.USER_URN, ScimSchemas.GROUP_URN)) {
            assertThat(paths).doesNotContain(urn + ":id", urn + ":meta");
            // Entra maps mailNickname / the group objectId to externalId and fails discovery on unlisted mapped attributes
            assertThat(paths).contains(urn + ":externalId");
        }
    }

    @Test
    void flattenedSchemaPathsCoverEveryDefinedAttribute() {
        Set<String> expected = new LinkedHashSet<>();
        for (SchemaDefinition schema : SchemaDocuments.SCHEMAS) {
            for (AttributeDefinition attribute : schema.attributes()) {
                expected.add(schema.id() + ":" + attribute.name());
                attribute.subAttributes().forEach(sub -> expected.add(schema.id() + ":" + attribute.name() + "." + sub.name()));
            }
        }
        assertEquals(expected, flattenedPaths(SchemaDocuments.schemasList(BASE)));
    }

    static Stream<Arguments> allDocuments() {
        return Stream.of(
                Arguments.of("schemasList", SchemaDocuments.schemasList(BASE)),
                Arguments.of("resourceTypesList", SchemaDocuments.resourceTypesList(BASE)),
                Arguments.of("serviceProviderConfig/cursor", SchemaDocuments.serviceProviderConfig(BASE, 200, true, true, BULK)),
                Arguments.of("serviceProviderConfig/plain", SchemaDocuments.serviceProviderConfig(BASE, 200, false, false, SchemaDocuments.BulkLimits.NONE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allDocuments")
    void noNullAnywhere(String name, ObjectNode document) {
        List<String> nulls = new ArrayList<>();
        walk(document, "$", (path, node) -> {
            if (node.isNull()) {
                nulls.add(path);
            }
        });
        assertThat(nulls).as(name).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allDocuments")
    void noEmptyDescriptionsOrStrings(String name, ObjectNode document) {
        List<String> empty = new ArrayList<>();
        walk(document, "$", (path, node) -> {
            if (node.isTextual() && node.asText().isEmpty()) {
                empty.add(path);
            }
        });
        assertThat(empty).as(name).isEmpty();
    }

    @Test
    void schemasListIsAListResponseOfTheResourceAndDiscoverySchemas() {
        ObjectNode list = SchemaDocuments.schemasList(BASE);
        assertEquals(json("""
                {'schemas': ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
                 'totalResults': 6, 'startIndex': 1, 'itemsPerPage': 6}"""), withoutResources(list));
        List<String> ids = new ArrayList<>();
        list.get("Resources").forEach(resource -> ids.add(resource.get("id").asText()));
        assertEquals(List.of(ScimSchemas.USER_URN, ENTERPRISE, ScimSchemas.GROUP_URN,
                SchemaDocuments.SERVICE_PROVIDER_CONFIG_URN, SchemaDocuments.RESOURCE_TYPE_URN, SchemaDocuments.SCHEMA_URN), ids);
    }

    @Test
    void groupSchemaDocumentIsExact() {
        assertEquals(json("""
                {'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
                 'id': 'urn:ietf:params:scim:schemas:core:2.0:Group',
                 'name': 'Group',
                 'description': 'Group',
                 'attributes': [
                   {'name': 'externalId', 'type': 'string', 'multiValued': false,
                    'description': 'Identifier assigned by the provisioning client.',
                    'required': false, 'caseExact': true, 'mutability': 'readWrite', 'returned': 'default',
                    'uniqueness': 'none'},
                   {'name': 'displayName', 'type': 'string', 'multiValued': false,
                    'description': 'A human-readable name for the Group; unique per provider.',
                    'required': true, 'caseExact': false, 'mutability': 'readWrite', 'returned': 'default',
                    'uniqueness': 'none'},
                   {'name': 'members', 'type': 'complex', 'multiValued': true,
                    'description': 'A list of members of the Group.',
                    'required': false, 'caseExact': false, 'mutability': 'readWrite', 'returned': 'default',
                    'uniqueness': 'none',
                    'subAttributes': [
                      {'name': 'value', 'type': 'string', 'multiValued': false, 'required': false, 'caseExact': false,
                       'mutability': 'immutable', 'returned': 'default', 'uniqueness': 'none'},
                      {'name': '$ref', 'type': 'reference', 'multiValued': false, 'required': false, 'caseExact': false,
                       'mutability': 'immutable', 'returned': 'default', 'uniqueness': 'none',
                       'referenceTypes': ['User']},
                      {'name': 'display', 'type': 'string', 'multiValued': false, 'required': false, 'caseExact': false,
                       'mutability': 'readOnly', 'returned': 'default', 'uniqueness': 'none'},
                      {'name': 'type', 'type': 'string', 'multiValued': false, 'required': false, 'caseExact': false,
                       'mutability': 'immutable', 'returned': 'default', 'uniqueness': 'none',
                       'canonicalValues': ['User']}]}],
                 'meta': {'resourceType': 'Schema',
                          'location': 'https://scim.example.com/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group'}}"""),
                SchemaDocuments.schema(ScimSchemas.GROUP, BASE));
    }

    @Test
    void attributeCharacteristicsUseWireNames() {
        JsonNode user = SchemaDocuments.schema(ScimSchemas.USER, BASE);
        assertEquals(json("""
                {'name': 'password', 'type': 'string', 'multiValued': false,
                 'description': 'Not supported: accepted and ignored, never returned.',
                 'required': false, 'caseExact': false, 'mutability': 'writeOnly', 'returned': 'never',
                 'uniqueness': 'none'}"""), attribute(user, "password"));
        JsonNode userName = attribute(user, "userName");
        assertEquals("server", userName.get("uniqueness").asText());
        assertEquals(true, userName.get("required").asBoolean());
        JsonNode groups = attribute(user, "groups");
        assertEquals("readOnly", groups.get("mutability").asText());
        assertEquals(json("['external']"), attribute(user, "profileUrl").get("referenceTypes"));
        assertEquals(json("['work', 'home', 'other']"),
                attribute(user, "emails").get("subAttributes").get(2).get("canonicalValues"));
        JsonNode active = attribute(user, "active");
        assertEquals("boolean", active.get("type").asText());
        assertThat(active.has("canonicalValues")).isFalse();
        assertThat(active.has("referenceTypes")).isFalse();
        assertThat(active.has("subAttributes")).isFalse();
    }

    @Test
    void enterpriseManagerIsAComplexReference() {
        JsonNode enterprise = SchemaDocuments.schema(ScimSchemas.ENTERPRISE_USER, BASE);
        JsonNode manager = attribute(enterprise, "manager");
        assertEquals("complex", manager.get("type").asText());
        assertEquals(json("['User']"), manager.get("subAttributes").get(1).get("referenceTypes"));
        assertEquals("readOnly", manager.get("subAttributes").get(2).get("mutability").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user",
            "urn:ietf:params:scim:schemas:core:2.0:group",
            "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
            "urn:ietf:params:scim:schemas:core:2.0:resourcetype",
            "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:SCHEMA"})
    void schemaByIdIsCaseInsensitive(String urn) {
        ObjectNode schema = SchemaDocuments.schemaById(urn, BASE).orElseThrow();
        assertThat(schema.get("id").asText()).isEqualToIgnoringCase(urn);
    }

    @ParameterizedTest
    @ValueSource(strings = {"urn:ietf:params:scim:schemas:common", "urn:ietf:params:scim:api:messages:2.0:ListResponse",
            "User", ""})
    void schemaByIdUnknown(String urn) {
        assertThat(SchemaDocuments.schemaById(urn, BASE)).isEmpty();
    }

    @Test
    void resourceTypesListHasUserFirst() {
        ObjectNode list = SchemaDocuments.resourceTypesList(BASE + "/");
        assertEquals(json("""
                {'schemas': ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
                 'totalResults': 2, 'startIndex': 1, 'itemsPerPage': 2,
                 'Resources': [
                   {'schemas': ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
                    'id': 'User', 'name': 'User', 'endpoint': '/Users', 'description': 'User Account',
                    'schema': 'urn:ietf:params:scim:schemas:core:2.0:User',
                    'schemaExtensions': [
                      {'schema': 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', 'required': false}],
                    'meta': {'resourceType': 'ResourceType',
                             'location': 'https://scim.example.com/scim/v2/ResourceTypes/User'}},
                   {'schemas': ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
                    'id': 'Group', 'name': 'Group', 'endpoint': '/Groups', 'description': 'Group',
                    'schema': 'urn:ietf:params:scim:schemas:core:2.0:Group',
                    'meta': {'resourceType': 'ResourceType',
                             'location': 'https://scim.example.com/scim/v2/ResourceTypes/Group'}}]}"""), list);
        assertEquals("/Users", list.get("Resources").get(0).get("endpoint").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"User", "user", "USER", "Group", "group"})
    void resourceTypeByIdIsCaseInsensitive(String id) {
        ObjectNode type = SchemaDocuments.resourceTypeById(id, BASE).orElseThrow();
        assertThat(type.get("id").asText()).isEqualToIgnoringCase(id);
        assertThat(type.get("endpoint").asText()).isEqualToIgnoringCase("/" + id + "s");
    }

    @Test
    void resourceTypeByIdUnknown() {
        assertThat(SchemaDocuments.resourceTypeById("Users", BASE)).isEmpty();
        assertThat(SchemaDocuments.resourceTypeById("ServiceProviderConfig", BASE)).isEmpty();
    }

    @Test
    void serviceProviderConfigWithCursorPagination() {
        assertEquals(json("""
                {'schemas': ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
                 'patch': {'supported': true},
                 'bulk': {'supported': true, 'maxOperations': 1000, 'maxPayloadSize': 1048576},
                 'filter': {'supported': true, 'maxResults': 200},
                 'changePassword': {'supported': false},
                 'sort': {'supported': true},
                 'etag': {'supported': true},
                 'pagination': {'cursor': true, 'index': true, 'defaultPaginationMethod': 'index',
                                'defaultPageSize': 100, 'maxPageSize': 200, 'cursorTimeout': 0},
                 'authenticationSchemes': [
                   {'type': 'oauthbearertoken', 'name': 'OAuth Bearer Token',
                    'description': 'Per-provider bearer token in the Authorization header',
                    'specUri': 'https://www.rfc-editor.org/info/rfc6750', 'primary': true},
                   {'type': 'oauth2', 'name': 'OAuth 2.0 client credentials',
                    'description': 'Access tokens from POST /oauth/token for an OAuth client of the provider',
                    'specUri': 'https://www.rfc-editor.org/info/rfc6749', 'primary': false}],
                 'meta': {'resourceType': 'ServiceProviderConfig',
                          'location': 'https://scim.example.com/scim/v2/ServiceProviderConfig'}}"""),
                SchemaDocuments.serviceProviderConfig(BASE, 200, true, true, BULK));
    }

    @Test
    void serviceProviderConfigWithoutCursorOrEtag() {
        ObjectNode config = SchemaDocuments.serviceProviderConfig(BASE, 500, false, false, SchemaDocuments.BulkLimits.NONE);
        assertThat(config.has("pagination")).isFalse();
        assertThat(config.has("documentationUri")).isFalse();
        assertEquals(json("{'supported': false}"), config.get("etag"));
        assertEquals(json("{'supported': true, 'maxResults': 500}"), config.get("filter"));
        assertEquals(json("{'supported': false, 'maxOperations': 0, 'maxPayloadSize': 0}"), config.get("bulk"));
    }

    @Test
    void defaultPageSizeNeverExceedsMaxPageSize() {
        JsonNode pagination = SchemaDocuments.serviceProviderConfig(BASE, 50, false, true, BULK).get("pagination");
        assertEquals(50, pagination.get("defaultPageSize").asInt());
        assertEquals(50, pagination.get("maxPageSize").asInt());
    }

    @Test
    void documentsAreFreshCopies() {
        SchemaDocuments.schemasList(BASE).removeAll();
        assertEquals(6, SchemaDocuments.schemasList(BASE).get("totalResults").asInt());
    }

    // --- helpers -------------------------------------------------------------------------------

    /** {@code urn:attr} and {@code urn:attr.sub} for every attribute in every schema of a ListResponse. */
    private static Set<String> flattenedPaths(ObjectNode list) {
        Set<String> paths = new LinkedHashSet<>();
        for (JsonNode schema : list.get("Resources")) {
            String urn = schema.get("id").asText();
            for (JsonNode attribute : schema.get("attributes")) {
                String name = attribute.get("name").asText();
                paths.add(urn + ":" + name);
                if (attribute.has("subAttributes")) {
                    for (JsonNode sub : attribute.get("subAttributes")) {
                        paths.add(urn + ":" + name + "." + sub.get("name").asText());
                    }
                }
            }
        }
        return paths;
    }

    private static JsonNode attribute(JsonNode schema, String name) {
        for (JsonNode attribute : schema.get("attributes")) {
            if (attribute.get("name").asText().equals(name)) {
                return attribute;
            }
        }
        throw new AssertionError("no attribute " + name);
    }

    private static ObjectNode withoutResources(ObjectNode list) {
        ObjectNode copy = list.deepCopy();
        copy.remove("Resources");
        return copy;
    }

    private static void walk(JsonNode node, String path, java.util.function.BiConsumer<String, JsonNode> visitor) {
        visitor.accept(path, node);
        if (node.isObject()) {
            node.fields().forEachRemaining((Map.Entry<String, JsonNode> field) ->
                    walk(field.getValue(), path + "." + field.getKey(), visitor));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", visitor);
            }
        }
    }

    static JsonNode json(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }
}
