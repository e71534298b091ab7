package dev.provisioning.scim.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.ResourceTypeDefinition;
import dev.provisioning.scim.schema.ScimSchemas;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceNormalizerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ENT = ScimSchemas.ENTERPRISE_USER_URN;

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static ObjectNode user(String body) {
        return ResourceNormalizer.normalize(json(body), ScimSchemas.USER_TYPE);
    }

    @Test
    void entraCreateUserBodyOfSection1_2() {
        String body = """
                {
                  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                  "externalId": "jdoe",
                  "userName": "jane.doe@contoso.onmicrosoft.com",
                  "active": true,
                  "displayName": "Jane Doe",
                  "title": "Talent Partner",
                  "preferredLanguage": "en-GB",
                  "emails": [ { "primary": true, "type": "work", "value": "jane.doe@contoso.com" } ],
                  "phoneNumbers": [
                    { "type": "work",   "value": "+44 20 7946 0000" },
                    { "type": "mobile", "value": "+44 7700 900123" }
                  ],
                  "addresses": [
                    { "type": "work", "formatted": "Building 4", "streetAddress": "1 Example Way",
                      "locality": "London", "region": "England", "postalCode": "EC1A 1AA", "country": "GB" }
                  ],
                  "name": { "formatted": "Jane Doe", "familyName": "Doe", "givenName": "Jane" },
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                    "employeeNumber": "E-10442",
                    "department": "People"
                  },
                  "meta": { "resourceType": "User" },
                  "roles": []
                }""";
        JsonNode expected = JSON.createObjectNode().setAll((ObjectNode) JSON.valueToTree(json(body)));
        ((ObjectNode) expected).remove(List.of("schemas", "meta", "roles"));
        assertThat(ResourceNormalizer.normalize(json(body), ScimSchemas.USER_TYPE)).isEqualTo(expected);
    }

    @Test
    void legacyMicrosoftBodyWithNullsMistypedUrnAndTopLevelEnterpriseAttributes() {
        ObjectNode stored = user("""
                {'schemas': ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User'],
                 'id': 'client-chosen', 'userName': 'u1', 'addresses': null, 'manager': null, 'department': 'Top',
                 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User': {'department': 'Typo'},
                 'active': 'True', 'groups': [{'value': 'g'}], 'password': 'p', 'nickName': '', 'name': {},
                 'urn:example:custom': {'x': 1}, 'favouriteColour': 'blue'}""");
        assertThat(stored).isEqualTo(json("{'userName': 'u1', 'active': true}"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {'userName':'u','active':'False'}                         | {'userName':'u','active':false}
            {'userName':'u','active':'TRUE'}                          | {'userName':'u','active':true}
            {'USERNAME':'u','DisplayName':'D'}                        | {'userName':'u','displayName':'D'}
            {'userName':' Jane@X.com '}                               | {'userName':' Jane@X.com '}
            {'userName':'u','emails':{'value':'a@b.c','type':'work'}} | {'userName':'u','emails':[{'value':'a@b.c','type':'work'}]}
            {'userName':'u','emails':[{'Value':'a@b.c','TYPE':'work','primary':'true'}]} | {'userName':'u','emails':[{'value':'a@b.c','type':'work','primary':true}]}
            {'userName':'u','emails':[{'value':'a@b.c','verified':true}]} | {'userName':'u','emails':[{'value':'a@b.c'}]}
            {'userName':'u','emails':[null,{}]}                       | {'userName':'u'}
            {'userName':'u','name':{'givenName':null,'familyName':'F'}} | {'userName':'u','name':{'familyName':'F'}}
            {'userName':'u','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':'m1'}} | {'userName':'u','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':{'value':'m1'}}}
            {'userName':'u','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':{'value':'m1','displayName':'Boss','$ref':'../Users/m1'}}} | {'userName':'u','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':{'value':'m1'}}}
            {'userName':'u','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':[{'value':'m1','$ref':'x'}]}} | {'userName':'u','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':{'value':'m1'}}}
            {'userName':'u','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':''}} | {'userName':'u'}
            {'userName':'u','URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER':{'Department':'D'}} | {'userName':'u','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'department':'D'}}
            {'userName':'u','roles':['{\\'id\\':\\'r1\\',\\'value\\':\\'Admin\\'}']} | {'userName':'u','roles':[{'value':'Admin'}]}
            {'userName':'u','roles':[{'value':'{\\'id\\':\\'r1\\',\\'value\\':\\'Admin\\'}','primary':true}]} | {'userName':'u','roles':[{'value':'Admin','primary':true}]}
            {'userName':'u','x509Certificates':[{'value':'TUlJQw=='}]} | {'userName':'u','x509Certificates':[{'value':'TUlJQw=='}]}
            """)
    void normalises(String body, String expected) {
        assertThat(user(body)).isEqualTo(json(expected));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {'displayName':'x'}                                      | userName
            {'userName':''}                                          | userName
            {'userName':null}                                        | userName
            {'userName':{'value':'u'}}                               | userName
            {'userName':42}                                          | userName
            {'userName':'u','active':'maybe'}                        | active
            {'userName':'u','active':1}                              | active
            {'userName':'u','displayName':['a']}                     | displayName
            {'userName':'u','emails':'a@b.c'}                        | emails
            {'userName':'u','emails':[{'value':1}]}                  | emails.value
            {'userName':'u','emails':[{'value':'a','primary':true},{'value':'b','primary':'True'}]} | emails
            {'userName':'u','name':'Jane'}                           | name
            {'userName':'u','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':7}} | manager
            {'userName':'u','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':'People'} | enterprise
            """)
    void rejectsWrongTypesNamingTheAttribute(String body, String attribute) {
        ScimException error = catchThrowableOfType(ScimException.class, () -> user(body));
        assertThat(error).isNotNull();
        assertThat(error.scimType().wire()).isEqualTo("invalidValue");
        assertThat(error.detail()).contains(attribute);
    }

    @Test
    void missingUserNameMessage() {
        assertThatThrownBy(() -> user("{'externalId':'x'}")).hasMessage("Attribute 'userName' is required");
    }

    @Test
    void bodyMustBeAnObject() {
        for (String body : List.of("[]", "'text'", "3", "null")) {
            ScimException error = catchThrowableOfType(ScimException.class, () -> user(body));
            assertThat(error.scimType().wire()).isEqualTo("invalidSyntax");
        }
    }

    @Test
    void entraCreateGroupBody() {
        ResourceTypeDefinition group = ScimSchemas.GROUP_TYPE;
        ObjectNode stored = ResourceNormalizer.normalize(json("""
                {'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Group',
                             'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
                 'externalId': '3f2f8c2e', 'displayName': 'Recruiters – EMEA', 'meta': {'resourceType': 'Group'},
                 'members': []}"""), group);
        assertThat(stored).isEqualTo(json("{'externalId': '3f2f8c2e', 'displayName': 'Recruiters – EMEA'}"));
        assertThat(ResourceNormalizer.takeMembers(stored)).isEmpty();
    }

    @Test
    void groupMembersKeepValueAndTypeAndAreTakenOutByTheService() {
        ObjectNode stored = ResourceNormalizer.normalize(json("""
                {'displayName': 'G', 'members': [{'$ref': null, 'value': 'u1', 'display': 'Jane'},
                                                 {'value': 'u2', 'type': 'User', '$ref': 'https://x/Users/u2'}]}"""),
                ScimSchemas.GROUP_TYPE);
        assertThat(stored.get("members")).isEqualTo(json("[{'value':'u1'},{'value':'u2','type':'User'}]"));
        assertThat(ResourceNormalizer.takeMembers(stored)).containsExactly("u1", "u2");
        assertThat(stored).isEqualTo(json("{'displayName': 'G'}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {'displayName':'G','members':[{'value':5}]}                  | invalidValue
            {'displayName':'G','members':[{'display':'x'}]}              | invalidValue
            {'displayName':'G','members':[{'value':'g2','type':'Group'}]} | invalidValue
            {'displayName':'G','members':[{'value':'g2','type':'Device'}]} | invalidValue
            {'displayName':''}                                           | invalidValue
            {'externalId':'x'}                                           | invalidValue
            """)
    void rejectsBadGroups(String body, String scimType) {
        ScimException error = catchThrowableOfType(ScimException.class,
                () -> ResourceNormalizer.normalize(json(body), ScimSchemas.GROUP_TYPE));
        assertThat(error.scimType().wire()).isEqualTo(scimType);
    }

    @Test
    void inputIsNotModified() {
        JsonNode body = json("{'userName':'u','active':'True','meta':{'x':1}}");
        JsonNode copy = body.deepCopy();
        user(body.toString());
        ResourceNormalizer.normalize(body, ScimSchemas.USER_TYPE);
        assertThat(body).isEqualTo(copy);
    }

    @Test
    void aMemberOfAnotherTypeIsRefusedWithoutCallingTheIdAGroup() {
        ScimException error = catchThrowableOfType(ScimException.class, () -> ResourceNormalizer.normalize(
                json("{'displayName':'G','members':[{'value':'u1','type':'Group'}]}"), ScimSchemas.GROUP_TYPE));
        assertThat(error.detail()).isEqualTo("Member u1 is sent with type \"Group\", but only users can be members of a"
                + " group (members.type is \"User\"; nested groups are not supported)");
    }

    /** Okta PUTs the resource as it read it, own id included (product.md §11; developer.okta.com SCIM 2.0 reference). */
    @Test
    void aPutBodyMayCarryTheResourcesOwnId() {
        String id = "23a35c27-23d3-4c03-b4c5-6443c09e7173";
        ObjectNode stored = ResourceNormalizer.normalize(json("{'id':'" + id.toUpperCase() + "','userName':'u','groups':[]}"),
                ScimSchemas.USER_TYPE, id);
        assertThat(stored).isEqualTo(json("{'userName':'u'}"));
        assertThat(ResourceNormalizer.normalize(json("{'userName':'u'}"), ScimSchemas.USER_TYPE, id)).isEqualTo(stored);
        assertThat(ResourceNormalizer.normalize(json("{'id':null,'userName':'u'}"), ScimSchemas.USER_TYPE, id)).isEqualTo(stored);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {'id':'abf4dd94-a4c0-4f67-89c9-76b03340cb9b','userName':'u'}
            {'id':'not-a-uuid','userName':'u'}
            {'ID':'abf4dd94-a4c0-4f67-89c9-76b03340cb9b','userName':'u'}
            {'id':42,'userName':'u'}
            """)
    void aPutBodyWithAnotherIdIsMutability(String body) {
        ScimException error = catchThrowableOfType(ScimException.class,
                () -> ResourceNormalizer.normalize(json(body), ScimSchemas.USER_TYPE, "23a35c27-23d3-4c03-b4c5-6443c09e7173"));
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.scimType().wire()).isEqualTo("mutability");
    }

    @Test
    void aPostBodyIdIsIgnored() {
        assertThat(user("{'id':'abf4dd94-a4c0-4f67-89c9-76b03340cb9b','userName':'u'}")).isEqualTo(json("{'userName':'u'}"));
    }
}
