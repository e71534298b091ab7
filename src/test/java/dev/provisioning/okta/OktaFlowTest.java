package dev.provisioning.okta;

import static dev.provisioning.support.ScimApi.ERROR;
import static dev.provisioning.support.ScimApi.LIST;
import static dev.provisioning.support.ScimApi.scim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.ScimApi;
import dev.provisioning.support.TenantTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Okta's request sequences (product.md §11), replayed against a real PostgreSQL with the bodies of
 * {@code src/test/resources/okta/} (see its README for where each is documented). Every test names
 * the section of Okta's "SCIM 2.0 protocol reference" or the step of Okta's SCIM 2.0 spec test it
 * replays.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class OktaFlowTest extends TenantTest {
    private static final String USER_NAME = "jane.doe@okta.example";

    private static String fixture(String name, String... placeholders) {
        try (InputStream in = OktaFlowTest.class.getResourceAsStream("/okta/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (int i = 0; i < placeholders.length; i += 2) {
                text = text.replace("{{" + placeholders[i] + "}}", placeholders[i + 1]);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Okta's client headers: {@code User-Agent: Okta SCIM Client 1.0.0}, bodies as plain JSON. */
    private io.restassured.specification.RequestSpecification okta() {
        return scim(tenant.token()).header("User-Agent", "Okta SCIM Client 1.0.0");
    }

    private String createJane() {
        return okta().body(fixture("create-user.json")).post("/scim/v2/Users").then().statusCode(201).extract().path("id");
    }

    /**
     * "Okta SCIM 2.0 SPEC Test" (Build your SCIM API service → Test your SCIM API), every required
     * step in its order, with its assertions.
     */
    @Test
    void oktaScim20SpecTest() {
        ScimApi.createUser(tenant.token(), "existing@okta.example", "Existing");
        scim(tenant.token()).body("{\"Operations\":[{\"op\":\"add\",\"value\":{\"name\":{\"givenName\":\"Ex\",\"familyName\":\"Isting\"}}}]}")
                .patch("/scim/v2/Users/" + scim(tenant.token()).get("/scim/v2/Users").path("Resources[0].id")).then().statusCode(200);
        // Test Users endpoint
        Response first = scim(tenant.token()).header("Accept", "application/scim+json").get("/scim/v2/Users?count=1&startIndex=1");
        first.then().statusCode(200).body("schemas", contains(LIST))
                .body("itemsPerPage", instanceOf(Integer.class)).body("startIndex", instanceOf(Integer.class))
                .body("totalResults", instanceOf(Integer.class))
                .body("Resources[0].id", notNullValue()).body("Resources[0].name.familyName", equalTo("Isting"))
                .body("Resources[0].name.givenName", equalTo("Ex")).body("Resources[0].userName", equalTo("existing@okta.example"))
                .body("Resources[0].active", equalTo(true)).body("Resources[0].emails[0].value", equalTo("existing@okta.example"));
        String isvUserId = first.path("Resources[0].id");
        // Get Users/{{id}}
        scim(tenant.token()).get("/scim/v2/Users/" + isvUserId).then().statusCode(200).body("id", equalTo(isvUserId))
                .body("name.familyName", equalTo("Isting")).body("userName", equalTo("existing@okta.example"));
        // Test invalid User by username
        scim(tenant.token()).queryParam("filter", "userName eq \"abcdefgh@example.com\"").get("/scim/v2/Users")
                .then().statusCode(200).body("schemas", contains(LIST)).body("totalResults", equalTo(0));
        // Test invalid User by ID (Okta's id is not a UUID at all)
        scim(tenant.token()).get("/scim/v2/Users/010101001010101011001010101011")
                .then().statusCode(404).body("schemas", contains(ERROR)).body("detail", notNullValue());
        // Make sure random user doesn't exist
        String random = "Runscope300Hfluaklab151@example.com";
        scim(tenant.token()).queryParam("filter", "userName eq \"" + random + "\"").get("/scim/v2/Users")
                .then().statusCode(200).body("totalResults", equalTo(0));
        // Create Okta user with realistic values (sent as application/json)
        String body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + random + "\","
                + "\"name\":{\"givenName\":\"Runscope300\",\"familyName\":\"Hfluaklab151\"},"
                + "\"emails\":[{\"primary\":true,\"value\":\"" + random + "\",\"type\":\"work\"}],"
                + "\"displayName\":\"Runscope300 Hfluaklab151\",\"active\":true}";
        String created = given().header("Authorization", "Bearer " + tenant.token()).contentType("application/json")
                .header("Accept", "application/scim+json; charset=utf-8").body(body).post("/scim/v2/Users")
                .then().statusCode(201).body("active", equalTo(true)).body("id", notNullValue())
                .body("name.familyName", equalTo("Hfluaklab151")).body("name.givenName", equalTo("Runscope300"))
                .body("schemas", contains("urn:ietf:params:scim:schemas:core:2.0:User")).body("userName", equalTo(random))
                .extract().path("id");
        // Verify that user was created
        scim(tenant.token()).get("/scim/v2/Users/" + created).then().statusCode(200).body("userName", equalTo(random));
        // Expect failure when recreating user with same values
        given().header("Authorization", "Bearer " + tenant.token()).contentType("application/json").body(body)
                .post("/scim/v2/Users").then().statusCode(409).body("scimType", equalTo("uniqueness"));
        // Username Case Sensitivity Check
        scim(tenant.token()).queryParam("filter", "userName eq \"" + random.toUpperCase() + "\"").get("/scim/v2/Users")
                .then().statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(created));
        // Verify Groups endpoint
        scim(tenant.token()).get("/scim/v2/Groups").then().statusCode(200).body("schemas", contains(LIST));
        // Check status 401 ("Authorization: non-token")
        given().header("Authorization", "non-token").queryParam("filter", "userName eq \"" + random + "\"")
                .get("/scim/v2/Users").then().statusCode(401).body("status", equalTo("401"))
                .body("schemas", contains(ERROR)).body("detail", notNullValue());
        // Check status 404
        scim(tenant.token()).get("/scim/v2/Users/00919288221112222").then().statusCode(404)
                .body("status", equalTo("404")).body("schemas", contains(ERROR)).body("detail", notNullValue());
    }

    /** Reference, "Create Users": the userName lookup with Okta's paging parameters, then the create with password. */
    @Test
    void createLooksUpByUserNameThenCreatesWithPasswordAndStoresNoPassword() {
        okta().urlEncodingEnabled(false).get("/scim/v2/Users?filter=userName%20eq%20%22jane.doe%40okta.example%22&startIndex=1&count=100")
                .then().statusCode(200).body("totalResults", equalTo(0)).body("startIndex", equalTo(1))
                .body("itemsPerPage", equalTo(0));
        String id = okta().body(fixture("create-user.json")).post("/scim/v2/Users")
                .then().statusCode(201).contentType(startsWith("application/scim+json"))
                .body("userName", equalTo(USER_NAME)).body("externalId", equalTo("00u1a2b3c4d5E6f7g8h9"))
                .body("locale", equalTo("en-US")).body("active", equalTo(true))
                .body("$", not(hasKey("password"))).extract().path("id");
        Map<String, Object> stored = data.user(UUID.fromString(id));
        assertThat(((JsonNode) stored.get("scim")).has("password")).isFalse();
        assertThat(stored.get("scim").toString()).doesNotContain("okta-placeholder-9x");
        assertThat(stored.get("email")).isEqualTo(USER_NAME);
        okta().urlEncodingEnabled(false).get("/scim/v2/Users?filter=userName%20eq%20%22jane.doe%40okta.example%22&startIndex=1&count=100")
                .then().statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(id));
    }

    /** Reference, "Update a specific User (PUT)": GET the user, PUT it back changed, own id and read-only groups included. */
    @Test
    void putOfTheUserAsReadWithItsOwnId() {
        String id = createJane();
        okta().get("/scim/v2/Users/" + id).then().statusCode(200).body("name.givenName", equalTo("Jane"));
        okta().body(fixture("put-user.json", "userId", id)).put("/scim/v2/Users/" + id)
                .then().statusCode(200).body("id", equalTo(id)).body("name.givenName", equalTo("Janet"))
                .body("name.middleName", equalTo("Marie")).body("emails[0].display", equalTo(USER_NAME))
                .body("$", not(hasKey("password")));
        JsonNode stored = data.scimDocument(UUID.fromString(id));
        assertThat(stored.at("/name/middleName").asText()).isEqualTo("Marie");
        assertThat(stored.has("id")).isFalse();
        long version = (Long) data.user(UUID.fromString(id)).get("version");
        // a body naming another resource is refused, and nothing changes
        okta().body(fixture("put-user.json", "userId", UUID.randomUUID().toString()).replace("Marie", "Other"))
                .put("/scim/v2/Users/" + id).then().statusCode(400).body("scimType", equalTo("mutability"));
        assertThat(data.user(UUID.fromString(id)).get("version")).isEqualTo(version);
        assertThat(data.scimDocument(UUID.fromString(id)).at("/name/middleName").asText()).isEqualTo("Marie");
    }

    /** Reference, "Update a specific User (PATCH)" and "Delete Users": active by a path-less replace, never a DELETE. */
    @Test
    void deactivatesAndReactivatesByPatchReplace() {
        String id = createJane();
        okta().body(fixture("deactivate-user.json")).patch("/scim/v2/Users/" + id)
                .then().statusCode(200).body("active", equalTo(false)).body("userName", equalTo(USER_NAME));
        assertThat(data.user(UUID.fromString(id)).get("active")).isEqualTo(false);
        assertThat(data.user(UUID.fromString(id)).get("scim_provider_id")).isEqualTo(tenant.providerId());
        okta().queryParam("filter", "userName eq \"" + USER_NAME + "\"").get("/scim/v2/Users")
                .then().statusCode(200).body("Resources[0].active", equalTo(false));
        okta().body(fixture("deactivate-user.json").replace("false", "true")).patch("/scim/v2/Users/" + id)
                .then().statusCode(200).body("active", equalTo(true));
        assertThat(data.user(UUID.fromString(id)).get("active")).isEqualTo(true);
    }

    /** Reference, "Update a specific User (PATCH)": password sync answers 2xx and stores nothing (product.md §11). */
    @Test
    void passwordSyncAnswers200AndStoresNothing() {
        String id = createJane();
        Map<String, Object> before = data.user(UUID.fromString(id));
        okta().body(fixture("password-sync.json")).patch("/scim/v2/Users/" + id)
                .then().statusCode(200).body("id", equalTo(id)).body("$", not(hasKey("password")));
        Map<String, Object> after = data.user(UUID.fromString(id));
        assertThat(after.get("scim")).isEqualTo(before.get("scim"));
        assertThat(after.get("version")).isEqualTo(before.get("version"));
        assertThat(after.get("scim").toString()).doesNotContain("Sy9c-d3Mo!nstr4t10n");
        // AIW integrations send every update, the password too, as a PUT
        okta().body(fixture("put-user.json", "userId", id).replace("\"active\": true,", "\"active\": true, \"password\": \"Sy9c-d3Mo!nstr4t10n\","))
                .put("/scim/v2/Users/" + id).then().statusCode(200);
        assertThat(data.user(UUID.fromString(id)).get("scim").toString()).doesNotContain("Sy9c-d3Mo!nstr4t10n");
    }

    /** Reference, "Create Groups", "Update a specific Group name", "Update specific Group membership", "Delete a specific Group". */
    @Test
    void groupPush() {
        String jane = createJane();
        String kim = ScimApi.createUser(tenant.token(), "kim@okta.example", "Kim");
        String lee = ScimApi.createUser(tenant.token(), "lee@okta.example", "Lee");
        String group = okta().body(fixture("group-create.json")).post("/scim/v2/Groups")
                .then().statusCode(201).body("displayName", equalTo("Recruiters")).extract().path("id");
        UUID team = UUID.fromString(group);
        // rename: the value carries the group's own id; sent before each membership update
        okta().body(fixture("group-rename.json", "groupId", group)).patch("/scim/v2/Groups/" + group).then().statusCode(204);
        assertThat(data.teamRow(team).get("name")).isEqualTo("Recruiters EMEA");
        okta().body(fixture("group-rename.json", "groupId", UUID.randomUUID().toString())).patch("/scim/v2/Groups/" + group)
                .then().statusCode(400).body("scimType", equalTo("mutability"));
        // add one, remove one by a value filter, in one PATCH
        data.member(team, UUID.fromString(kim));
        okta().body(fixture("group-members.json", "removedId", kim, "userId", jane)).patch("/scim/v2/Groups/" + group)
                .then().statusCode(204);
        assertThat(data.members(team)).containsExactly(UUID.fromString(jane));
        // a full push of the membership replaces it
        okta().body(fixture("group-members-replace.json", "userId", jane, "otherId", lee)).patch("/scim/v2/Groups/" + group)
                .then().statusCode(204);
        assertThat(data.members(team)).containsExactlyInAnyOrder(UUID.fromString(jane), UUID.fromString(lee));
        // AIW integrations PUT the group
        okta().body(fixture("group-put.json", "userId", kim)).put("/scim/v2/Groups/" + group)
                .then().statusCode(200).body("displayName", equalTo("Recruiters")).body("members.value", contains(kim));
        assertThat(data.members(team)).containsExactly(UUID.fromString(kim));
        okta().get("/scim/v2/Groups?startIndex=1&count=100").then().statusCode(200)
                .body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(group));
        okta().get("/scim/v2/Groups/" + group).then().statusCode(200).body("members[0].display", equalTo("Kim"));
        okta().delete("/scim/v2/Groups/" + group).then().statusCode(204);
        okta().get("/scim/v2/Groups/" + group).then().statusCode(404);
        assertThat(data.teamRow(team).get("scim_provider_id")).isNull();
    }

    /** Reference, "Retrieve Users" / "Retrieve Groups": pages of startIndex/count, stable order, integers. */
    @Test
    void importPagesThroughStartIndexAndCount() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(ScimApi.createUser(tenant.token(), "u" + i + "@okta.example", "U" + i));
        }
        List<String> seen = new ArrayList<>();
        for (int start = 1; start <= 5; start += 2) {
            Response page = okta().get("/scim/v2/Users?startIndex=" + start + "&count=2");
            page.then().statusCode(200).body("totalResults", equalTo(5)).body("startIndex", equalTo(start))
                    .body("itemsPerPage", instanceOf(Integer.class));
            seen.addAll(page.path("Resources.id"));
        }
        assertThat(seen).containsExactlyElementsOf(ids);
        okta().get("/scim/v2/Users?startIndex=1&count=100").then().statusCode(200).body("itemsPerPage", equalTo(5));
    }

    /**
     * The matching email of product.md §3.1/§11 as an Okta create meets existing product users: the
     * work email first; without one, userName when it is an email (Okta's usual user id), before the
     * primary email; then the primary email; then the only email.
     */
    @Test
    void anOktaCreateClaimsTheProductUserItsMatchingEmailNames() {
        UUID byUserName = data.productUser(tenant.organizationId(), "sam@okta.example", "Sam", "regular");
        UUID byPrimary = data.productUser(tenant.organizationId(), "pat.primary@okta.example", "Pat", "regular");
        UUID byOnly = data.productUser(tenant.organizationId(), "only@okta.example", "Only", "admin");
        // userName is an email: it wins over a primary home email that names nobody
        okta().body("{\"userName\":\"SAM@okta.example\",\"emails\":[{\"primary\":true,\"type\":\"home\",\"value\":\"sam.home@example.org\"}]}")
                .post("/scim/v2/Users").then().statusCode(201).body("id", equalTo(byUserName.toString()));
        // userName not an email: the primary email
        okta().body("{\"userName\":\"pat\",\"emails\":[{\"type\":\"home\",\"value\":\"pat@example.org\"},"
                        + "{\"primary\":true,\"type\":\"other\",\"value\":\"pat.primary@okta.example\"}]}")
                .post("/scim/v2/Users").then().statusCode(201).body("id", equalTo(byPrimary.toString()));
        // neither: the only email
        okta().body("{\"userName\":\"onlyone\",\"emails\":[{\"type\":\"home\",\"value\":\"only@okta.example\"}]}")
                .post("/scim/v2/Users").then().statusCode(201).body("id", equalTo(byOnly.toString()));
        assertThat(data.user(byOnly).get("role")).isEqualTo("admin");
        assertThat(data.user(byOnly).get("scim_provider_id")).isEqualTo(tenant.providerId());
        // a work email names the account even when userName is another address
        UUID byWork = data.productUser(tenant.organizationId(), "work@okta.example", "Work", "regular");
        okta().body("{\"userName\":\"someone.else@okta.example\",\"emails\":[{\"type\":\"work\",\"value\":\"work@okta.example\"}]}")
                .post("/scim/v2/Users").then().statusCode(201).body("id", equalTo(byWork.toString()));
    }
}
