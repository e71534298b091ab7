package dev.provisioning.scim.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.message.ScimType;
import dev.provisioning.scim.schema.AttributeDefinition;
import dev.provisioning.scim.schema.ScimSchemas;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterEvaluatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode USER = read("""
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
             "id": "2819c223-7f76-453a-919d-413861904646",
             "externalId": "JYoung-01",
             "userName": "Jane.Young@Contoso.com",
             "displayName": "Jane Young",
             "title": "",
             "nickName": null,
             "name": {"givenName": "Jane", "familyName": "Young"},
             "active": true,
             "emails": [{"value": " Jane.Young@Contoso.com ", "type": "work", "primary": true},
                        {"value": "jy@home.example", "type": "home"}],
             "phoneNumbers": [],
             "addresses": [{"type": "work", "locality": "Paris", "country": "FR"}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                 "department": "Sales", "employeeNumber": "0042", "manager": {"value": "m-1"}},
             "meta": {"resourceType": "User", "created": "2026-01-10T08:00:00Z",
                      "lastModified": "2026-03-01T12:30:00.250+01:00"}}
            """);
    private static final JsonNode GROUP = read("""
            {"id": "g-1", "displayName": "Recruiters – EMEA",
             "members": [{"value": "u-1", "type": "User"}, {"value": "u-2", "display": "Bob"}]}
            """);

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> userCases() {
        Object[][] table = {
            {"userName eq \"jane.young@contoso.com\"", true},     // userName is caseExact false
            {"USERNAME EQ \"JANE.YOUNG@CONTOSO.COM\"", true},
            {"userName eq \"jane\"", false},
            {"userName ne \"jane\"", true},
            {"userName sw \"JANE.\"", true},
            {"userName ew \".COM\"", true},
            {"userName co \"young@\"", true},
            {"userName gt \"jane\"", true},
            {"userName lt \"jane\"", false},
            {"userName ge \"JANE.YOUNG@CONTOSO.COM\"", true},
            {"userName le \"jane.young@contoso.com\"", true},
            {"externalId eq \"JYoung-01\"", true},
            {"externalId eq \"jyoung-01\"", false},                // externalId is caseExact
            {"externalId eq JYoung-01", true},                     // bare token leniency
            {"id eq \"2819c223-7f76-453a-919d-413861904646\"", true},
            {"id eq \"2819C223-7F76-453A-919D-413861904646\"", false}, // id is caseExact
            {"id ne \"not-a-uuid\"", true},
            {"displayName eq \"JANE YOUNG\"", true},
            {"title pr", false},                                   // "" is not present
            {"nickName pr", false},                                // null is not present
            {"nickName eq null", true},
            {"nickName ne null", false},
            {"displayName eq null", false},
            {"displayName ne null", true},
            {"phoneNumbers pr", false},                            // [] is not present
            {"emails pr", true},
            {"name pr", true},
            {"name.givenName eq \"jane\"", true},
            {"name.middleName pr", false},
            {"not (name.middleName eq \"x\")", true},              // missing is "not equal"
            {"name.middleName ne \"x\"", true},
            {"active eq true", true},
            {"active eq \"True\"", true},                          // quoted boolean coerced (entra-scim P1)
            {"active ne true", false},
            {"active eq false", false},
            {"emails.value eq \"jane.young@contoso.com\"", true},  // trimmed and case-insensitive (product.md §3.1)
            {"emails eq \"JANE.YOUNG@contoso.com\"", true},        // complex without sub: compares value
            {"emails co \"@home\"", true},
            {"emails.value co \"@nowhere\"", false},
            {"emails.value sw \" jane\"", true},                   // trimming applies to eq only
            {"emails.value sw \"jane\"", false},
            {"emails.type eq \"WORK\"", true},
            {"emails.type ne \"work\"", false},                    // no email may be of type work
            {"emails.type ne \"other\"", true},
            {"emails[type eq \"work\"].value eq \"Jane.Young@contoso.com\"", true},
            {"emails[type eq \"home\"].value eq \"Jane.Young@contoso.com\"", false}, // same element required
            {"emails[type eq \"home\" and value ew \".example\"]", true},
            {"emails[type eq \"home\" and primary eq true]", false},
            {"emails[primary eq true]", true},
            {"emails[primary ne true]", true},                      // the home email has no primary
            {"emails[not (primary eq true)].type eq \"home\"", true},
            {"emails[type eq \"work\"].display pr", false},
            {"addresses[type eq \"work\" and locality eq \"paris\"]", true},
            {"addresses.country eq \"fr\"", true},
            {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"sales\"", true},
            {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"m-1\"", true},
            {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq \"m-1\"", true},
            {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber gt \"0041\"", true},
            {"urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"jane.young@contoso.com\"", true},
            {"meta.created gt \"2026-01-01T00:00:00Z\"", true},
            {"meta.created lt \"2026-01-10T09:00:00+02:00\"", false},  // 07:00Z
            {"meta.created eq \"2026-01-10T09:00:00+01:00\"", true},   // same instant
            {"meta.lastModified eq \"2026-03-01T11:30:00.25Z\"", true},
            {"meta.lastModified ge \"2026-03-01T11:30:00.251Z\"", false},
            {"meta.resourceType eq \"User\"", true},
            {"userName eq \"x\" or active eq true", true},
            {"userName eq \"x\" and active eq true", false},
            {"not (userName eq \"x\" and active eq true)", true},
            {"not (userName eq \"x\") and not (active eq false)", true},
            {"userName pr and (emails[type eq \"work\"] or externalId eq \"z\")", true},
        };
        return Stream.of(table).map(row -> Arguments.of(row[0], row[1]));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("userCases")
    void evaluatesUserFilters(String filter, boolean expected) {
        assertThat(FilterEvaluator.matches(FilterParser.parse(filter), USER, ScimSchemas.USER_TYPE)).isEqualTo(expected);
    }

    static Stream<Arguments> groupCases() {
        Object[][] table = {
            {"displayName eq \"recruiters – emea\"", true},
            {"members eq \"u-2\"", true},
            {"members[value eq \"u-1\"]", true},
            {"members.value eq \"u-3\"", false},
            {"members.display eq \"bob\"", true},
            {"members[type eq \"User\" and value eq \"u-2\"]", false},
            {"id eq \"g-1\" and members eq \"u-1\"", true},
        };
        return Stream.of(table).map(row -> Arguments.of(row[0], row[1]));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("groupCases")
    void evaluatesGroupFilters(String filter, boolean expected) {
        assertThat(FilterEvaluator.matches(FilterParser.parse(filter), GROUP, ScimSchemas.GROUP_TYPE)).isEqualTo(expected);
    }

    static Stream<Arguments> elementCases() {
        Object[][] table = {
            {"type eq \"work\"", "{\"type\":\"Work\",\"value\":\"a\"}", true},
            {"type eq \"work\"", "{\"type\":\"home\",\"value\":\"a\"}", false},
            {"TYPE eq \"work\" and value eq \" A \"", "{\"type\":\"work\",\"value\":\"a\"}", true},
            {"primary eq true", "{\"value\":\"a\"}", false},
            {"not (primary eq true)", "{\"value\":\"a\"}", true},
            {"value pr", "{\"value\":\"\"}", false},
        };
        return Stream.of(table).map(row -> Arguments.of(row[0], row[1], row[2]));
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @MethodSource("elementCases")
    void selectsElementsForPatch(String filter, String element, boolean expected) {
        AttributeDefinition emails = ScimSchemas.USER.attribute("emails").orElseThrow();
        assertThat(FilterEvaluator.matchesElement(FilterParser.parse(filter), read(element), emails)).isEqualTo(expected);
    }

    static Stream<Arguments> invalidCases() {
        Object[][] table = {
            {"foo eq \"x\"", "Unknown attribute 'foo' in filter"},
            {"name.foo eq \"x\"", "Unknown attribute 'name.foo' in filter"},
            {"emails[foo eq \"x\"]", "Unknown attribute 'emails.foo' in filter"},
            {"urn:x:y:userName eq \"x\"", "Unknown attribute"},
            {"active gt true", "cannot be used on the boolean attribute"},
            {"active eq \"yes\"", "can only be compared with true or false"},
            {"x509Certificates.value lt \"x\"", "binary"},
            {"meta.created gt \"yesterday\"", "ISO-8601"},
            {"meta.created gt 5", "ISO-8601"},
            {"meta.created co \"2026\"", "cannot be used on the dateTime"},
            {"userName[value eq \"x\"]", "needs a multi-valued complex attribute"},
            {"name[givenName eq \"x\"]", "needs a multi-valued complex attribute"},
            {"name eq \"x\"", "cannot be compared"},
            {"userName gt null", "null can only be compared with eq or ne"},
        };
        return Stream.of(table).map(row -> Arguments.of(row[0], row[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCases")
    void rejectsFiltersTheSchemaDoesNotAllow(String filter, String fragment) {
        assertThatThrownBy(() -> FilterValidator.validate(FilterParser.parse(filter), ScimSchemas.USER_TYPE))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.scimType()).isEqualTo(ScimType.INVALID_FILTER);
                    assertThat(e.detail()).contains(fragment);
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("normalisations")
    void validatorNormalisesPaths(String filter, String expected) {
        assertThat(FilterPrinter.print(FilterValidator.validate(FilterParser.parse(filter), ScimSchemas.USER_TYPE)))
                .isEqualTo(expected);
    }

    static Stream<Arguments> normalisations() {
        return Stream.of(
                Arguments.of("EMAILS co \"x\"", "emails.value co \"x\""),
                Arguments.of("urn:ietf:params:scim:schemas:core:2.0:User:USERNAME eq \"x\"", "userName eq \"x\""),
                Arguments.of("urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:manager eq \"y\"",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"y\""),
                Arguments.of("emails[TYPE eq \"work\"].VALUE eq \"x\"", "emails[type eq \"work\" and value eq \"x\"]"),
                Arguments.of("active eq \"FALSE\"", "active eq false"),
                Arguments.of("externalId eq 12345", "externalId eq \"12345\""));
    }
}
