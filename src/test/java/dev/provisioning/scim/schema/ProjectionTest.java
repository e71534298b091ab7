package dev.provisioning.scim.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ProjectionTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String EXT = ScimSchemas.ENTERPRISE_USER_URN;
    private static final ResourceTypeDefinition USER = ScimSchemas.USER_TYPE;
    private static final ResourceTypeDefinition GROUP = ScimSchemas.GROUP_TYPE;

    private static final String GROUP_JSON = """
            {'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Group'],
             'id': 'g1',
             'externalId': 'oid-1',
             'displayName': 'Team',
             'members': [
               {'value': 'u1', '$ref': 'https://h/scim/v2/Users/u1', 'display': 'Jane', 'type': 'User'},
               {'value': 'u2', '$ref': 'https://h/scim/v2/Users/u2', 'type': 'User'}],
             'meta': {'resourceType': 'Group', 'created': '2026-01-01T00:00:00Z',
                      'lastModified': '2026-02-01T00:00:00Z', 'location': 'https://h/scim/v2/Groups/g1'}}""";

    /** As the renderer produces it, plus a stray {@code password} to prove it never leaves. */
    private static final String USER_JSON = """
            {'schemas': ['urn:ietf:params:scim:schemas:core:2.0:User', 'EXT'],
             'id': 'u1',
             'externalId': 'jdoe',
             'userName': 'jdoe@contoso.com',
             'name': {'formatted': 'Jane Doe', 'familyName': 'Doe', 'givenName': 'Jane'},
             'displayName': 'Jane Doe',
             'active': true,
             'password': 'secret',
             'emails': [{'value': 'jane@contoso.com', 'type': 'work', 'primary': true},
                        {'value': 'jane@home.example', 'type': 'home'}],
             'phoneNumbers': [{'value': '+1 555 0100', 'type': 'work'}],
             'groups': [{'value': 'g1', '$ref': 'https://h/scim/v2/Groups/g1', 'display': 'Team'}],
             'EXT': {'employeeNumber': '42', 'department': 'R&D',
                     'manager': {'value': 'u2', '$ref': 'https://h/scim/v2/Users/u2', 'displayName': 'Boss'}},
             'meta': {'resourceType': 'User', 'created': '2026-01-01T00:00:00Z',
                      'lastModified': '2026-02-01T00:00:00Z', 'location': 'https://h/scim/v2/Users/u1'}}""";

    private static final String GROUP_META = """
            'meta': {'resourceType': 'Group', 'created': '2026-01-01T00:00:00Z',
                     'lastModified': '2026-02-01T00:00:00Z', 'location': 'https://h/scim/v2/Groups/g1'}""";
    private static final String GROUP_MEMBERS = """
            'members': [
               {'value': 'u1', '$ref': 'https://h/scim/v2/Users/u1', 'display': 'Jane', 'type': 'User'},
               {'value': 'u2', '$ref': 'https://h/scim/v2/Users/u2', 'type': 'User'}]""";
    private static final String GROUP_WITHOUT_MEMBERS = "{'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Group'],"
            + " 'id': 'g1', 'externalId': 'oid-1', 'displayName': 'Team', " + GROUP_META + "}";
    private static final String GROUP_ID_ONLY = "{'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Group'], 'id': 'g1'}";

    private static final String USER_CORE_ONLY_ID = "'schemas': ['urn:ietf:params:scim:schemas:core:2.0:User'], 'id': 'u1'";
    private static final String USER_BOTH_ID = "'schemas': ['urn:ietf:params:scim:schemas:core:2.0:User', 'EXT'], 'id': 'u1'";
    private static final String USER_META = """
            'meta': {'resourceType': 'User', 'created': '2026-01-01T00:00:00Z',
                     'lastModified': '2026-02-01T00:00:00Z', 'location': 'https://h/scim/v2/Users/u1'}""";
    private static final String USER_CORE_ATTRIBUTES = """
             'externalId': 'jdoe',
             'userName': 'jdoe@contoso.com',
             'name': {'formatted': 'Jane Doe', 'familyName': 'Doe', 'givenName': 'Jane'},
             'displayName': 'Jane Doe',
             'active': true,
             'emails': [{'value': 'jane@contoso.com', 'type': 'work', 'primary': true},
                        {'value': 'jane@home.example', 'type': 'home'}],
             'phoneNumbers': [{'value': '+1 555 0100', 'type': 'work'}],
             'groups': [{'value': 'g1', '$ref': 'https://h/scim/v2/Groups/g1', 'display': 'Team'}]""";
    private static final String USER_EXTENSION = """
             'EXT': {'employeeNumber': '42', 'department': 'R&D',
                     'manager': {'value': 'u2', '$ref': 'https://h/scim/v2/Users/u2', 'displayName': 'Boss'}}""";
    private static final String USER_DEFAULT =
            "{" + USER_BOTH_ID + "," + USER_CORE_ATTRIBUTES + "," + USER_EXTENSION + "," + USER_META + "}";

    static Stream<Arguments> groupCases() {
        return Stream.of(
                // Entra appends excludedAttributes=members to every group read (entra-scim §1.13).
                Arguments.of("excluded members", null, "members", GROUP_WITHOUT_MEMBERS),
                Arguments.of("excluded members, upper case", null, "MEMBERS", GROUP_WITHOUT_MEMBERS),
                Arguments.of("excluded members, blanks", null, "  members ", GROUP_WITHOUT_MEMBERS),
                Arguments.of("excluded members, core URN", null, "urn:ietf:params:scim:schemas:core:2.0:Group:members",
                        GROUP_WITHOUT_MEMBERS),
                Arguments.of("excluded members twice", null, "members,members", GROUP_WITHOUT_MEMBERS),
                // Legacy membership check: filter=id eq .. and members eq ..&attributes=id.
                Arguments.of("attributes=id", "id", null, GROUP_ID_ONLY),
                Arguments.of("attributes=ID", "ID", null, GROUP_ID_ONLY),
                Arguments.of("attributes=schemas", "schemas", null, GROUP_ID_ONLY),
                Arguments.of("attributes unknown only", "nonexistent", null, GROUP_ID_ONLY),
                Arguments.of("attributes with value filter is ignored", "members[type eq \"User\"].value", null,
                        GROUP_ID_ONLY),
                Arguments.of("attributes=displayName", "displayName", null,
                        "{'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Group'], 'id': 'g1', 'displayName': 'Team'}"),
                Arguments.of("attributes core-URN-qualified", "urn:ietf:params:scim:schemas:core:2.0:Group:displayname",
                        null, "{'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Group'], 'id': 'g1', 'displayName': 'Team'}"),
                Arguments.of("attributes=members.value", "members.value", null,
                        "{'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Group'], 'id': 'g1',"
                                + " 'members': [{'value': 'u1'}, {'value': 'u2'}]}"),
                Arguments.of("attributes=members.display drops elements without it", "members.display", null,
                        "{'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Group'], 'id': 'g1',"
                                + " 'members': [{'display': 'Jane'}]}"),
                Arguments.of("both given: attributes wins", "members.value", "members",
                        "{'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Group'], 'id': 'g1',"
                                + " 'members': [{'value': 'u1'}, {'value': 'u2'}]}"),
                Arguments.of("both given: attributes=id, excluded=id", "id", "id", GROUP_ID_ONLY),
                Arguments.of("excluded id is ignored (always)", null, "id", GROUP_JSON),
                Arguments.of("excluded schemas is ignored", null, "schemas", GROUP_JSON),
                Arguments.of("no parameters", null, null, GROUP_JSON),
                Arguments.of("blank parameters", " ", "", GROUP_JSON),
                Arguments.of("excluded unknown", null, "foo,members.bar", GROUP_JSON),
                Arguments.of("excluded members.display", null, "members.display",
                        "{'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Group'], 'id': 'g1', 'externalId': 'oid-1',"
                                + " 'displayName': 'Team', 'members': ["
                                + "{'value': 'u1', '$ref': 'https://h/scim/v2/Users/u1', 'type': 'User'},"
                                + "{'value': 'u2', '$ref': 'https://h/scim/v2/Users/u2', 'type': 'User'}], "
                                + GROUP_META + "}"),
                Arguments.of("excluded meta and externalId", null, "meta,externalId",
                        "{'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Group'], 'id': 'g1', 'displayName': 'Team', "
                                + GROUP_MEMBERS + "}"),
                Arguments.of("attributes=meta.lastModified", "meta.lastModified", null,
                        "{'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Group'], 'id': 'g1',"
                                + " 'meta': {'lastModified': '2026-02-01T00:00:00Z'}}"),
                Arguments.of("attributes=meta", "meta", null,
                        "{'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Group'], 'id': 'g1', " + GROUP_META + "}"));
    }

    @ParameterizedTest(name = "group: {0}")
    @MethodSource("groupCases")
    void group(String name, String attributes, String excluded, String expected) {
        assertEquals(json(expected), Projection.parse(attributes, excluded, GROUP).apply(json(GROUP_JSON), GROUP));
    }

    static Stream<Arguments> userCases() {
        return Stream.of(
                Arguments.of("no parameters: everything but password", null, null, USER_DEFAULT),
                Arguments.of("attributes=password: never returned", "password", null, "{" + USER_CORE_ONLY_ID + "}"),
                Arguments.of("excluded=password: still absent", null, "password", USER_DEFAULT),
                Arguments.of("attributes=userName drops the extension URN from schemas", "userName", null,
                        "{" + USER_CORE_ONLY_ID + ", 'userName': 'jdoe@contoso.com'}"),
                Arguments.of("attributes with blanks and empty entries", "  userName , , DISPLAYNAME ", null,
                        "{" + USER_CORE_ONLY_ID + ", 'userName': 'jdoe@contoso.com', 'displayName': 'Jane Doe'}"),
                Arguments.of("attributes=id,externalId", "id,externalId", null,
                        "{" + USER_CORE_ONLY_ID + ", 'externalId': 'jdoe'}"),
                Arguments.of("attributes=name.givenName", "name.givenName", null,
                        "{" + USER_CORE_ONLY_ID + ", 'name': {'givenName': 'Jane'}}"),
                Arguments.of("attributes=emails.value in every element", "emails.value", null,
                        "{" + USER_CORE_ONLY_ID + ", 'emails': [{'value': 'jane@contoso.com'}, {'value': 'jane@home.example'}]}"),
                Arguments.of("attributes two sub-attributes, any case", "EMAILS.VALUE,emails.Type", null,
                        "{" + USER_CORE_ONLY_ID + ", 'emails': [{'value': 'jane@contoso.com', 'type': 'work'},"
                                + " {'value': 'jane@home.example', 'type': 'home'}]}"),
                Arguments.of("attributes whole and sub-attribute", "emails,emails.value", null,
                        "{" + USER_CORE_ONLY_ID + ", 'emails': [{'value': 'jane@contoso.com', 'type': 'work', 'primary': true},"
                                + " {'value': 'jane@home.example', 'type': 'home'}]}"),
                Arguments.of("attributes sub-attribute nobody has: attribute omitted", "phoneNumbers.display", null,
                        "{" + USER_CORE_ONLY_ID + "}"),
                Arguments.of("attributes=groups (readOnly is still returned)", "groups", null,
                        "{" + USER_CORE_ONLY_ID + ", 'groups': [{'value': 'g1', '$ref': 'https://h/scim/v2/Groups/g1', 'display': 'Team'}]}"),
                Arguments.of("attributes=bare extension URN", "EXT", null,
                        "{" + USER_BOTH_ID + "," + USER_EXTENSION + "}"),
                Arguments.of("attributes=bare extension URN, lower case", EXT.toLowerCase(), null,
                        "{" + USER_BOTH_ID + "," + USER_EXTENSION + "}"),
                Arguments.of("attributes=extension attribute", "userName,EXT:department", null,
                        "{" + USER_BOTH_ID + ", 'userName': 'jdoe@contoso.com', 'EXT': {'department': 'R&D'}}"),
                Arguments.of("attributes=extension attribute, any case", "URN:IETF:PARAMS:SCIM:SCHEMAS:Extension:ENTERPRISE:2.0:USER:DEPARTMENT", null,
                        "{" + USER_BOTH_ID + ", 'EXT': {'department': 'R&D'}}"),
                Arguments.of("attributes=extension sub-attribute", "EXT:manager.value", null,
                        "{" + USER_BOTH_ID + ", 'EXT': {'manager': {'value': 'u2'}}}"),
                Arguments.of("attributes=unknown extension attribute", "EXT:nickName", null, "{" + USER_CORE_ONLY_ID + "}"),
                Arguments.of("attributes=core URN meta.created", "urn:ietf:params:scim:schemas:core:2.0:User:meta.created",
                        null, "{" + USER_CORE_ONLY_ID + ", 'meta': {'created': '2026-01-01T00:00:00Z'}}"),
                Arguments.of("both given: attributes wins", "userName", "userName,EXT",
                        "{" + USER_CORE_ONLY_ID + ", 'userName': 'jdoe@contoso.com'}"),
                Arguments.of("excluded=bare extension URN", null, "EXT",
                        "{" + USER_CORE_ONLY_ID + "," + USER_CORE_ATTRIBUTES + "," + USER_META + "}"),
                Arguments.of("excluded every extension attribute drops the URN", null,
                        "EXT:employeeNumber, EXT:department ,EXT:MANAGER",
                        "{" + USER_CORE_ONLY_ID + "," + USER_CORE_ATTRIBUTES + "," + USER_META + "}"),
                Arguments.of("excluded extension attribute", null, "EXT:manager",
                        "{" + USER_BOTH_ID + "," + USER_CORE_ATTRIBUTES + ", 'EXT': {'employeeNumber': '42', 'department': 'R&D'},"
                                + USER_META + "}"),
                Arguments.of("excluded extension sub-attribute", null, "EXT:manager.$ref,EXT:manager.displayName",
                        "{" + USER_BOTH_ID + "," + USER_CORE_ATTRIBUTES
                                + ", 'EXT': {'employeeNumber': '42', 'department': 'R&D', 'manager': {'value': 'u2'}},"
                                + USER_META + "}"),
                Arguments.of("excluded sub-attributes of every element", null, "emails.type,emails.primary,groups,meta",
                        "{" + USER_BOTH_ID + ", 'externalId': 'jdoe', 'userName': 'jdoe@contoso.com',"
                                + " 'name': {'formatted': 'Jane Doe', 'familyName': 'Doe', 'givenName': 'Jane'},"
                                + " 'displayName': 'Jane Doe', 'active': true,"
                                + " 'emails': [{'value': 'jane@contoso.com'}, {'value': 'jane@home.example'}],"
                                + " 'phoneNumbers': [{'value': '+1 555 0100', 'type': 'work'}]," + USER_EXTENSION + "}"),
                Arguments.of("excluded every name sub-attribute drops name", null,
                        "name.formatted,name.familyName,name.givenName,emails,phoneNumbers,groups,externalId,meta,EXT",
                        "{" + USER_CORE_ONLY_ID + ", 'userName': 'jdoe@contoso.com', 'displayName': 'Jane Doe', 'active': true}"),
                Arguments.of("excluded id and userName: id stays", null, "id,userName,EXT,meta",
                        "{" + USER_CORE_ONLY_ID + ", 'externalId': 'jdoe',"
                                + " 'name': {'formatted': 'Jane Doe', 'familyName': 'Doe', 'givenName': 'Jane'},"
                                + " 'displayName': 'Jane Doe', 'active': true,"
                                + " 'emails': [{'value': 'jane@contoso.com', 'type': 'work', 'primary': true},"
                                + " {'value': 'jane@home.example', 'type': 'home'}],"
                                + " 'phoneNumbers': [{'value': '+1 555 0100', 'type': 'work'}],"
                                + " 'groups': [{'value': 'g1', '$ref': 'https://h/scim/v2/Groups/g1', 'display': 'Team'}]}"));
    }

    @ParameterizedTest(name = "user: {0}")
    @MethodSource("userCases")
    void user(String name, String attributes, String excluded, String expected) {
        String attributesParam = attributes == null ? null : attributes.replace("EXT", EXT);
        String excludedParam = excluded == null ? null : excluded.replace("EXT", EXT);
        assertEquals(json(expected), Projection.parse(attributesParam, excludedParam, USER).apply(json(USER_JSON)));
    }

    @Test
    void excludedMembersRemovesTheKeyNotTheValue() {
        ObjectNode projected = Projection.parse(null, "members", GROUP).apply(json(GROUP_JSON), GROUP);
        assertThat(projected.has("members")).isFalse();
        assertThat(projected.toString()).doesNotContain("members");
    }

    @Test
    void keyOrderIsPreserved() {
        ObjectNode projected = Projection.parse(null, "members", GROUP).apply(json(GROUP_JSON), GROUP);
        List<String> keys = new ArrayList<>();
        projected.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("schemas", "id", "externalId", "displayName", "meta"), keys);
    }

    @Test
    void inputIsNotModified() {
        ObjectNode input = json(USER_JSON);
        ObjectNode before = input.deepCopy();
        Projection.parse("emails.value,EXT:manager.value", null, USER).apply(input);
        Projection.parse(null, "emails.type,EXT", USER).apply(input);
        assertEquals(before, input);
    }

    @Test
    void outputDoesNotShareNodesWithInput() {
        ObjectNode input = json(GROUP_JSON);
        ObjectNode projected = Projection.parse(null, null, GROUP).apply(input, GROUP);
        ((ObjectNode) projected.get("members").get(0)).put("value", "changed");
        assertEquals("u1", input.get("members").get(0).get("value").asText());
    }

    @ParameterizedTest(name = "wants(\"{2}\") with attributes={0} excluded={1} -> {3}")
    @CsvSource(nullValues = "null", value = {
            "null,                   null,               members,   true",
            "null,                   members,            members,   false",
            "null,                   MEMBERS,            Members,   false",
            "null,                   members.display,    members,   true",
            "null,                   'members.value,members.$ref,members.display,members.type', members, false",
            "id,                     null,               members,   false",
            "id,                     null,               id,        true",
            "id,                     null,               schemas,   true",
            "members.value,          null,               members,   true",
            "members,                members,            members,   true",
            "displayName,            null,               members,   false",
            "displayName,            null,               meta,      false",
            "null,                   null,               unknown,   false",
            "null,                   null,               password,  false",
            "null,                   id,                 id,        true"})
    void groupWants(String attributes, String excluded, String attribute, boolean expected) {
        assertEquals(expected, Projection.parse(attributes, excluded, GROUP).wants(attribute));
    }

    @ParameterizedTest(name = "user wants(\"{2}\") with attributes={0} excluded={1} -> {3}")
    @CsvSource(nullValues = "null", value = {
            "null,                 null,                 groups,                 true",
            "null,                 groups,               groups,                 false",
            "userName,             null,                 groups,                 false",
            "null,                 null,                 EXT,                    true",
            "null,                 EXT,                  EXT,                    false",
            "null,                 EXT,                  EXT:manager,            false",
            "null,                 EXT:manager,          EXT:manager,            false",
            "null,                 EXT:manager,          EXT,                    true",
            "EXT:manager.value,    null,                 EXT:manager,            true",
            "EXT:manager.value,    null,                 EXT,                    true",
            "EXT,                  null,                 EXT:manager,            true",
            "userName,             null,                 EXT,                    false",
            "userName,             null,                 EXT:manager,            false"})
    void userWants(String attributes, String excluded, String attribute, boolean expected) {
        Projection projection = Projection.parse(
                attributes == null ? null : attributes.replace("EXT", EXT),
                excluded == null ? null : excluded.replace("EXT", EXT), USER);
        assertEquals(expected, projection.wants(attribute.replace("EXT", EXT)));
    }

    @Test
    void excludesMembersIsEntrasGroupRead() {
        assertThat(Projection.parse(null, "members", GROUP).excludesMembers()).isTrue();
        assertThat(Projection.parse("id", null, GROUP).excludesMembers()).isTrue();
        assertThat(Projection.parse(null, null, GROUP).excludesMembers()).isFalse();
        assertThat(Projection.defaults(GROUP).excludesMembers()).isFalse();
        assertThat(Projection.parse("members.value", "members", GROUP).excludesMembers()).isFalse();
    }

    @Test
    void includesSubAttributePaths() {
        Projection projection = Projection.parse("emails.value", null, USER);
        assertThat(projection.includes(AttributePath.of("emails", "value"))).isTrue();
        assertThat(projection.includes(AttributePath.of("EMAILS", "VALUE"))).isTrue();
        assertThat(projection.includes(AttributePath.of("emails", "type"))).isFalse();
        assertThat(projection.includes(AttributePath.of("emails"))).isTrue();
        assertThat(projection.includes(AttributePath.of("name"))).isFalse();
        assertThat(projection.includes(AttributePath.of("id"))).isTrue();

        Projection excluded = Projection.parse(null, "emails.type", USER);
        assertThat(excluded.includes(AttributePath.of("emails", "type"))).isFalse();
        assertThat(excluded.includes(AttributePath.of("emails", "value"))).isTrue();
        assertThat(excluded.includes(AttributePath.of("emails"))).isTrue();
        assertThat(excluded.includes(new AttributePath(EXT, "manager", "value"))).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "userName,                       userName",
            "USERNAME,                       userName",
            "' name.GIVENNAME ',             name.givenName",
            "emails.value,                   emails.value",
            "members.$ref,                   null",
            "meta.lastModified,              meta.lastModified",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName,               userName",
            "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:name.familyName,        name.familyName",
            "EXT,                                                               EXT",
            "EXT:department,                                                    EXT:department",
            "EXT:manager.value,                                                 EXT:manager.value",
            "urn:ietf:params:scim:schemas:core:2.0:User,                        null",
            "urn:ietf:params:scim:schemas:core:2.0:Group:displayName,           null",
            "EXT:,                                                              null",
            "name.givenName.extra,                                              null",
            "userName.x,                                                        null",
            "'emails[type eq \"work\"].value',                                  null",
            "'',                                                                null",
            "nonexistent,                                                       null"})
    void canonicalPathsForUsers(String text, String expected) {
        String canonical = Projection.canonicalPath(text.replace("EXT", EXT), USER).map(AttributePath::toString).orElse(null);
        assertEquals(expected == null ? null : expected.replace("EXT", EXT), canonical);
    }

    @Test
    void parsedListsAreCanonicalAndDeduplicated() {
        Projection projection = Projection.parse("USERNAME, userName ,bogus, " + EXT.toLowerCase() + ":Department", null, USER);
        assertEquals(List.of(AttributePath.of("userName"), new AttributePath(EXT, "department", null)),
                projection.attributes());
        assertThat(projection.excludedAttributes()).isEmpty();
        assertThat(projection.attributes().get(1).schemaUrn()).isEqualTo(EXT);
    }

    /** A made-up resource type with a {@code returned: request} attribute; the shipped schemas have none. */
    private static final ResourceTypeDefinition THING = new ResourceTypeDefinition("Thing", "/Things", "Thing",
            new SchemaDefinition("urn:example:Thing", "Thing", "", List.of(
                    AttributeDefinition.of("plain").build(),
                    AttributeDefinition.of("costly").returned(Returned.REQUEST).build(),
                    AttributeDefinition.of("parts").multiValued().subAttributes(
                            AttributeDefinition.of("value").build(),
                            AttributeDefinition.of("detail").returned(Returned.REQUEST).build(),
                            AttributeDefinition.of("secret").returned(Returned.NEVER).build()).build())),
            List.of(), ScimSchemas.COMMON);

    private static final String THING_JSON = """
            {'schemas': ['urn:example:Thing'], 'id': 't1', 'plain': 'p', 'costly': 'c',
             'parts': [{'value': 'v', 'detail': 'd', 'secret': 's'}]}""";

    @ParameterizedTest(name = "request attributes: attributes={0} excluded={1}")
    @CsvSource(nullValues = "null", delimiter = '|', value = {
            "null              | null   | {'schemas': ['urn:example:Thing'], 'id': 't1', 'plain': 'p', 'parts': [{'value': 'v'}]}",
            "null              | plain  | {'schemas': ['urn:example:Thing'], 'id': 't1', 'parts': [{'value': 'v'}]}",
            "costly            | null   | {'schemas': ['urn:example:Thing'], 'id': 't1', 'costly': 'c'}",
            "parts             | null   | {'schemas': ['urn:example:Thing'], 'id': 't1', 'parts': [{'value': 'v', 'detail': 'd'}]}",
            "parts.detail      | null   | {'schemas': ['urn:example:Thing'], 'id': 't1', 'parts': [{'detail': 'd'}]}",
            "parts.secret      | null   | {'schemas': ['urn:example:Thing'], 'id': 't1'}",
            "plain,costly      | costly | {'schemas': ['urn:example:Thing'], 'id': 't1', 'plain': 'p', 'costly': 'c'}"})
    void requestAndNeverAttributes(String attributes, String excluded, String expected) {
        assertEquals(json(expected), Projection.parse(attributes, excluded, THING).apply(json(THING_JSON)));
    }

    @Test
    void requestAttributesAreWantedOnlyWhenNamed() {
        assertThat(Projection.parse(null, null, THING).wants("costly")).isFalse();
        assertThat(Projection.parse("costly", null, THING).wants("costly")).isTrue();
        assertThat(Projection.parse(null, null, THING).includes(AttributePath.of("parts", "detail"))).isFalse();
        assertThat(Projection.parse("parts", null, THING).includes(AttributePath.of("parts", "secret"))).isFalse();
    }

    @Test
    void unknownTopLevelKeysSurviveDefaultButNotASelection() {
        ObjectNode resource = json("{'schemas': ['urn:example:Thing'], 'id': 't1', 'plain': 'p', 'x-extra': 1}");
        assertEquals(resource, Projection.parse(null, "nothing", THING).apply(resource));
        assertEquals(json("{'schemas': ['urn:example:Thing'], 'id': 't1', 'plain': 'p'}"),
                Projection.parse("plain", null, THING).apply(resource));
    }

    @Test
    void isDefault() {
        assertThat(Projection.parse(null, null, USER).isDefault()).isTrue();
        assertThat(Projection.parse(null, "bogus", USER).isDefault()).isTrue();
        assertThat(Projection.parse(null, "members", GROUP).isDefault()).isFalse();
        assertThat(Projection.parse("bogus", null, USER).isDefault()).isFalse();
    }

    private static ObjectNode json(String singleQuoted) {
        try {
            return (ObjectNode) MAPPER.readTree(singleQuoted.replace('\'', '"').replace("EXT", EXT));
        } catch (Exception e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }
}
