package dev.provisioning.scim.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of {@link Projection} over random attributes / excludedAttributes lists. */
class ProjectionPropertiesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String EXT = ScimSchemas.ENTERPRISE_USER_URN;

    private static final List<String> TOKENS = List.of(
            "id", "externalId", "userName", "name", "name.givenName", "name.familyName", "displayName", "active",
            "password", "emails", "emails.value", "emails.type", "emails.primary", "phoneNumbers.value",
            "phoneNumbers.display", "groups", "groups.display", "meta", "meta.lastModified", "schemas",
            EXT, EXT + ":department", EXT + ":manager", EXT + ":manager.value", EXT + ":employeeNumber",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName", "bogus", "name.bogus", "emails[type eq \"work\"]", "");

    private static final ObjectNode USER = parse("""
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "%1$s"],
             "id": "u1", "externalId": "jdoe", "userName": "jdoe@contoso.com",
             "name": {"formatted": "Jane Doe", "familyName": "Doe", "givenName": "Jane"},
             "displayName": "Jane Doe", "active": true, "password": "secret",
             "emails": [{"value": "jane@contoso.com", "type": "work", "primary": true}, {"value": "j@home.example"}],
             "phoneNumbers": [{"value": "+1 555 0100", "type": "work"}],
             "groups": [{"value": "g1", "display": "Team"}],
             "%1$s": {"employeeNumber": "42", "department": "R&D", "manager": {"value": "u2", "displayName": "Boss"}},
             "meta": {"resourceType": "User", "created": "2026-01-01T00:00:00Z", "lastModified": "2026-02-01T00:00:00Z"}}
            """.formatted(EXT));

    @Provide
    Arbitrary<String> param() {
        Arbitrary<String> token = Arbitraries.of(TOKENS).flatMap(text -> Arbitraries.of(
                text, text.toUpperCase(), " " + text + " "));
        Arbitrary<String> list = token.list().ofMaxSize(5).map(tokens -> String.join(",", tokens));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just((String) null)),
                net.jqwik.api.Tuple.of(4, list));
    }

    @Property(tries = 500)
    void idAndCoreSchemaAreAlwaysReturnedAndPasswordNever(@ForAll("param") String attributes,
            @ForAll("param") String excluded) {
        ObjectNode projected = Projection.parse(attributes, excluded, ScimSchemas.USER_TYPE).apply(USER);
        assertThat(projected.path("id").asText()).isEqualTo("u1");
        assertThat(projected.get("schemas").get(0).asText()).isEqualTo(ScimSchemas.USER_URN);
        assertThat(projected.has("password")).isFalse();
    }

    /** The service skips loading what wants() rejects, so wants() may over-approximate but never miss. */
    @Property(tries = 500)
    void everyReturnedAttributeIsWanted(@ForAll("param") String attributes, @ForAll("param") String excluded) {
        Projection projection = Projection.parse(attributes, excluded, ScimSchemas.USER_TYPE);
        projection.apply(USER).fieldNames().forEachRemaining(key ->
                assertThat(projection.wants(key)).as("wants(%s) with %s", key, projection).isTrue());
    }

    @Property(tries = 500)
    void applyIsIdempotentAndOnlyRemoves(@ForAll("param") String attributes, @ForAll("param") String excluded) {
        Projection projection = Projection.parse(attributes, excluded, ScimSchemas.USER_TYPE);
        ObjectNode once = projection.apply(USER);
        assertThat(projection.apply(once)).isEqualTo(once);
        once.fieldNames().forEachRemaining(key -> assertThat(USER.has(key)).isTrue());
        if (!once.has(EXT)) {
            assertThat(once.get("schemas")).hasSize(1);
        }
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
