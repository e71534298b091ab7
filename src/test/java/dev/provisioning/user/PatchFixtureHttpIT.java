package dev.provisioning.user;

import static dev.provisioning.support.ScimApi.ERROR;
import static dev.provisioning.support.ScimApi.scim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.scim.patch.PatchFixtureTest;
import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.TestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.IOException;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The User PATCH fixtures of {@code src/test/resources/patch-fixtures} replayed over HTTP against
 * the packaged service (the jar in {@code ./mvnw verify}, the native executable with {@code -Dnative}).
 * {@link PatchFixtureTest} applies them to the engine alone, in-process; this runs the same bodies
 * through what differs in a native executable: JSON reading and writing, the Entra dialects, the
 * error mapping and the stored document. Each fixture's {@code before} is created with
 * {@code POST /Users}, its body is sent as {@code PATCH}, and the stored SCIM document must then
 * equal {@code after} — or, for an error fixture, the answer is that status and {@code scimType}
 * with the stored document untouched. The user is then removed from the database, so that the next
 * fixture (same email) starts from nothing. Group fixtures name member ids that exist only in the
 * fixture; the group sequences run over HTTP in {@code GroupFlowIT}.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class PatchFixtureHttpIT {
    private static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static TestData.Tenant tenant;

    TestData data;

    @BeforeEach
    void data() {
        data = new TestData();
        if (tenant == null) {
            tenant = data.tenant("PATCH fixtures " + UUID.randomUUID(), false);
        }
    }

    static Stream<Arguments> userFixtures() throws IOException {
        return PatchFixtureTest.cases().stream()
                .filter(fixture -> fixture.get("type").asText().equals("User"))
                .map(fixture -> Arguments.of(fixture.get("name").asText(), fixture));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("userFixtures")
    void replaysOverHttp(String name, JsonNode fixture) {
        ObjectNode before = ((ObjectNode) fixture.get("before")).deepCopy();
        before.putArray("schemas").add(USER_SCHEMA);
        String id = scim(tenant.token()).body(before.toString()).post("/scim/v2/Users")
                .then().statusCode(201).extract().path("id");
        UUID userId = UUID.fromString(id);
        try {
            JsonNode created = withoutSchemas(data.scimDocument(userId));
            assertThat(created).as("stored as POSTed").isEqualTo(fixture.get("before"));

            String operations = fixture.get("operations").toString();
            if (fixture.hasNonNull("ownId")) {  // a fixture naming the resource's own id: here the id the POST gave
                operations = operations.replace(fixture.get("ownId").asText(), id);
            }
            var answer = scim(tenant.token()).body(operations).patch("/scim/v2/Users/" + id).then();
            if (fixture.has("error")) {
                answer.statusCode(fixture.at("/error/status").asInt())
                        .contentType(startsWith("application/scim+json"))
                        .body("schemas", contains(ERROR))
                        .body("status", equalTo(fixture.at("/error/status").asText()))
                        .body("scimType", equalTo(fixture.at("/error/scimType").asText()));
                assertThat(withoutSchemas(data.scimDocument(userId))).as("nothing stored").isEqualTo(created);
            } else {
                answer.statusCode(200).contentType(startsWith("application/scim+json")).body("id", equalTo(id));
                assertThat(withoutSchemas(data.scimDocument(userId))).isEqualTo(fixture.get("after"));
            }
        } finally {
            data.exec("delete from users where id = $1", userId);
        }
    }

    private static JsonNode withoutSchemas(JsonNode stored) {
        ObjectNode copy = ((ObjectNode) stored).deepCopy();
        copy.remove("schemas");
        return copy;
    }
}
