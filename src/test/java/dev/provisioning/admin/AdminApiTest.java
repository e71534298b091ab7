package dev.provisioning.admin;

import static dev.provisioning.support.AdminApi.admin;
import static dev.provisioning.support.AdminApi.orgAdmin;
import static dev.provisioning.support.AdminApi.platformAdmin;
import static dev.provisioning.support.ScimApi.scim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.provisioning.support.AdminApi;
import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.TestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API of product.md §5: authentication, authorization on every endpoint, shapes, validation and rules. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class AdminApiTest {

    TestData data;

    @BeforeEach
    void data() {
        data = new TestData();
    }

    /** Every endpoint of the §5 table, with a valid body, against organization {@code org}. */
    record Call(String method, String path, String body) {
    }

    static List<Call> everyEndpoint(UUID org) {
        String base = "/admin/organizations/" + org;
        String id = UUID.randomUUID().toString();
        return List.of(
                new Call("GET", base, null),
                new Call("PATCH", base, "{\"name\":\"x\"}"),
                new Call("POST", base + "/api-keys", "{\"name\":\"k\",\"permissions\":[\"manage_users\"]}"),
                new Call("GET", base + "/api-keys", null),
                new Call("DELETE", base + "/api-keys/" + id, null),
                new Call("GET", base + "/scim-providers", null),
                new Call("POST", base + "/scim-providers", "{\"name\":\"p\"}"),
                new Call("GET", base + "/scim-providers/" + id, null),
                new Call("PATCH", base + "/scim-providers/" + id, "{\"name\":\"p\"}"),
                new Call("DELETE", base + "/scim-providers/" + id, null),
                new Call("POST", base + "/scim-providers/" + id + "/api-keys", "{}"),
                new Call("GET", base + "/scim-providers/" + id + "/api-keys", null),
                new Call("DELETE", base + "/scim-providers/" + id + "/api-keys/" + id, null),
                new Call("GET", base + "/scim-providers/" + id + "/events", null),
                new Call("POST", base + "/teams", "{\"name\":\"t\"}"),
                new Call("GET", base + "/teams", null),
                new Call("PUT", base + "/teams/" + id + "/scim-provider", "{\"scimProviderId\":null}"),
                new Call("PUT", base + "/teams/" + id + "/members/" + id, null),
                new Call("DELETE", base + "/teams/" + id + "/members/" + id, null),
                new Call("POST", base + "/users", "{\"email\":\"a@b.example\"}"),
                new Call("GET", base + "/users", null),
                new Call("GET", base + "/users/" + id, null),
                new Call("GET", base + "/conflicts", null));
    }

    static Response send(String token, Call call) {
        var request = token == null ? given().contentType("application/json") : admin(token);
        if (call.body() != null) {
            request = request.body(call.body());
        }
        return request.request(call.method(), call.path());
    }

    @Test
    void everyEndpointRefusesAMissingExpiredTamperedOrForeignToken() {
        UUID org = data.tenant("Auth " + UUID.randomUUID(), true).organizationId();
        Map<String, String> badTokens = new java.util.LinkedHashMap<>();
        badTokens.put("expired", AdminApi.expired());
        badTokens.put("tampered", AdminApi.tampered(org));
        badTokens.put("wrong issuer", AdminApi.wrongIssuer());
        badTokens.put("not a JWT", "scim_notajwt");
        List<Call> calls = new java.util.ArrayList<>(everyEndpoint(org));
        calls.add(new Call("GET", "/admin/organizations", null));
        calls.add(new Call("POST", "/admin/organizations", "{\"name\":\"x\"}"));
        for (Call call : calls) {
            send(null, call).then().statusCode(401).contentType(startsWith("application/json"))
                    .body("message", containsString("bearer token"));
            for (var bad : badTokens.entrySet()) {
                Response response = send(bad.getValue(), call);
                assertThat(response.statusCode()).as(bad.getKey() + " " + call).isEqualTo(401);
                assertThat(response.jsonPath().getString("message")).as(bad.getKey() + " " + call).isNotBlank();
            }
        }
    }

    @Test
    void everyEndpointIsForbiddenToAnotherOrganizationsAdminAndToOtherRoles() {
        UUID org = data.tenant("Mine " + UUID.randomUUID(), true).organizationId();
        UUID other = data.tenant("Theirs " + UUID.randomUUID(), true).organizationId();
        String otherAdmin = orgAdmin(other);
        String viewer = AdminApi.withGroups(org, "viewer");
        for (Call call : everyEndpoint(org)) {
            send(otherAdmin, call).then().statusCode(403).contentType(startsWith("application/json"))
                    .body("message", containsString("only organization " + other));
            send(viewer, call).then().statusCode(403).body("message", notNullValue());
        }
        // platform-only operations, even on the org-admin's own organization
        String own = orgAdmin(org);
        admin(own).body("{\"name\":\"new\"}").post("/admin/organizations").then().statusCode(403)
                .body("message", containsString("platform-admin"));
        admin(own).body("{\"scimEnabled\":false}").patch("/admin/organizations/" + org).then().statusCode(403);
        admin(own).body("{\"multiScimEnabled\":true}").patch("/admin/organizations/" + org).then().statusCode(403);
        admin(viewer).get("/admin/organizations").then().statusCode(403);
        // an org-admin lists only its own organization
        admin(own).get("/admin/organizations").then().statusCode(200).body("id", contains(org.toString()));
        admin(platformAdmin()).get("/admin/organizations").then().statusCode(200)
                .body("id", hasItem(org.toString())).body("id", hasItem(other.toString()));
        // a path id that is not a UUID does not let an org-admin probe either
        admin(own).get("/admin/organizations/not-a-uuid").then().statusCode(403);
        admin(platformAdmin()).get("/admin/organizations/not-a-uuid").then().statusCode(404);
    }

    @Test
    void organizationLifecycleAndFlags() {
        String platform = platformAdmin();
        Response created = admin(platform).body("{\"name\":\"Fabrikam\"}").post("/admin/organizations");
        created.then().statusCode(201).contentType(startsWith("application/json"))
                .body("name", equalTo("Fabrikam")).body("scimEnabled", equalTo(false)).body("multiScimEnabled", equalTo(false))
                .body("createdAt", notNullValue()).body("id", notNullValue());
        String org = created.path("id");
        String base = "/admin/organizations/" + org;
        admin(platform).get(base + "/scim-providers").then().statusCode(200).body("$", hasSize(0));

        String own = orgAdmin(UUID.fromString(org));
        admin(own).body("{\"name\":\"Fabrikam Ltd\"}").patch(base).then().statusCode(200).body("name", equalTo("Fabrikam Ltd"));
        admin(own).get(base).then().statusCode(200).body("name", equalTo("Fabrikam Ltd"));

        // enabling SCIM creates the default provider
        admin(platform).body("{\"scimEnabled\":true}").patch(base).then().statusCode(200).body("scimEnabled", equalTo(true));
        Response providers = admin(own).get(base + "/scim-providers");
        providers.then().statusCode(200).body("$", hasSize(1)).body("[0].default", equalTo(true))
                .body("[0].teamIds", hasSize(0)).body("[0].defaultTeamId", nullValue())
                .body("[0].scimBaseUrl", startsWith("http"))
                .body("[0].scimBaseUrl", endsWith("/scim/v2/providers/" + providers.path("[0].id")));
        // idempotent: enabling again keeps the one default provider
        admin(platform).body("{\"scimEnabled\":true}").patch(base).then().statusCode(200);
        admin(own).get(base + "/scim-providers").then().body("$", hasSize(1));

        // without multi-SCIM a second provider is refused with the way forward
        admin(own).body("{\"name\":\"Second tenant\"}").post(base + "/scim-providers").then().statusCode(409)
                .body("message", containsString("multi-SCIM must be enabled by vendor staff (your CSM)"));
        // the default provider cannot go while SCIM is on
        admin(own).delete(base + "/scim-providers/" + providers.path("[0].id")).then().statusCode(409)
                .body("message", containsString("cannot be deleted while SCIM is enabled"));

        admin(platform).get("/admin/organizations/" + UUID.randomUUID()).then().statusCode(404).body("message", notNullValue());
    }

    @Test
    void badInputIs400NamingTheField() {
        UUID org = data.tenant("Input " + UUID.randomUUID(), false).organizationId();
        String own = orgAdmin(org);
        String base = "/admin/organizations/" + org;
        admin(platformAdmin()).body("{}").post("/admin/organizations").then().statusCode(400).body("field", equalTo("name"))
                .body("message", containsString("name"));
        admin(platformAdmin()).body("{\"name\":\"x\",\"scimEnabled\":\"yes\"}").post("/admin/organizations").then()
                .statusCode(400).body("field", equalTo("scimEnabled"));
        admin(platformAdmin()).body("{\"name\":").post("/admin/organizations").then().statusCode(400)
                .contentType(startsWith("application/json")).body("message", containsString("JSON"));
        admin(own).body("{\"name\":\"   \"}").patch(base).then().statusCode(400).body("field", equalTo("name"));
        admin(own).body("{\"name\":\"k\",\"permissions\":\"manage_users\"}").post(base + "/api-keys").then().statusCode(400)
                .body("field", equalTo("permissions"));
        admin(own).body("{\"permissions\":[]}").post(base + "/api-keys").then().statusCode(400).body("field", equalTo("name"));
        admin(own).body("{\"email\":\"not-an-email\"}").post(base + "/users").then().statusCode(400).body("field", equalTo("email"));
        admin(own).body("{\"email\":\"a@b.example\",\"role\":\"owner\"}").post(base + "/users").then().statusCode(400)
                .body("field", equalTo("role"));
        admin(own).body("{\"scimProviderId\":null}").put(base + "/teams/" + UUID.randomUUID() + "/scim-provider").then().statusCode(404);
        String team = admin(own).body("{\"name\":\"Sales\"}").post(base + "/teams").then().statusCode(201).extract().path("id");
        admin(own).body("{}").put(base + "/teams/" + team + "/scim-provider").then().statusCode(400)
                .body("field", equalTo("scimProviderId"));
        admin(own).body("{\"scimProviderId\":\"nope\"}").put(base + "/teams/" + team + "/scim-provider").then().statusCode(400)
                .body("field", equalTo("scimProviderId"));
        admin(own).body("{\"scimProviderId\":\"" + UUID.randomUUID() + "\"}").put(base + "/teams/" + team + "/scim-provider")
                .then().statusCode(400).body("field", equalTo("scimProviderId"));
        admin(own).queryParam("limit", "0").get(base + "/users").then().statusCode(400).body("field", equalTo("limit"));
    }

    @Test
    void organizationKeysAreShownOnceListedWithHintAndStopWorkingAtOnceWhenRevoked() {
        UUID org = data.tenant("Keys " + UUID.randomUUID(), false).organizationId();
        String own = orgAdmin(org);
        String base = "/admin/organizations/" + org + "/api-keys";
        Response created = admin(own).body("{\"name\":\"Entra\",\"permissions\":[\"manage_users\"]}").post(base);
        created.then().statusCode(201).body("name", equalTo("Entra")).body("permissions", contains("manage_users"))
                .body("token", startsWith("scim_")).body("createdAt", notNullValue())
                .body("$", not(hasKey("hint"))).body("$", not(hasKey("scimProviderId")));
        String token = created.path("token");
        String keyId = created.path("id");
        assertThat(token.length()).isGreaterThanOrEqualTo(40);
        assertThat(data.count("select count(*) from api_keys where id = $1 and token_hash = sha256(convert_to($2, 'UTF8'))",
                UUID.fromString(keyId), token)).isEqualTo(1);

        scim(token).get("/scim/v2/Users").then().statusCode(200);
        Response list = admin(own).get(base);
        list.then().statusCode(200).contentType(startsWith("application/json"));
        Map<String, Object> listed = list.jsonPath().getMap("find { it.id == '" + keyId + "' }");
        assertThat(listed).containsEntry("hint", token.substring(token.length() - 4)).containsEntry("revokedAt", null)
                .containsKeys("lastUsedAt", "createdAt", "permissions", "name").doesNotContainKey("token");
        assertThat(listed.get("lastUsedAt")).as("use recorded").isNotNull();

        // an organization key without permissions authenticates but may not provision
        String bare = admin(own).body("{\"name\":\"reports\",\"permissions\":[]}").post(base).then().statusCode(201)
                .body("permissions", hasSize(0)).extract().path("token");
        scim(bare).get("/scim/v2/Users").then().statusCode(403).body("detail", containsString("manage_users"));

        admin(own).delete(base + "/" + keyId).then().statusCode(204);
        scim(token).get("/scim/v2/Users").then().statusCode(401);
        admin(own).get(base).then().statusCode(200)
                .body("find { it.id == '" + keyId + "' }.revokedAt", notNullValue());
        admin(own).delete(base + "/" + keyId).then().statusCode(204);
        admin(own).delete(base + "/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void usersAreCreatedUnlinkedAndDuplicateEmailsIgnoringCaseAndBlanksConflict() {
        UUID org = data.tenant("Users " + UUID.randomUUID(), false).organizationId();
        String own = orgAdmin(org);
        String base = "/admin/organizations/" + org + "/users";
        Response created = admin(own).body("{\"email\":\"Jane.Doe@Contoso.com\",\"displayName\":\"Jane Doe\"}").post(base);
        created.then().statusCode(201).body("email", equalTo("Jane.Doe@Contoso.com")).body("displayName", equalTo("Jane Doe"))
                .body("role", equalTo("regular")).body("active", equalTo(true)).body("scimProviderId", nullValue());
        UUID id = UUID.fromString(created.path("id"));
        assertThat(data.user(id).get("user_name")).isEqualTo("Jane.Doe@Contoso.com");
        assertThat(data.scimDocument(id)).isEqualTo(
                dev.provisioning.user.UserDocument.forProductUser("Jane.Doe@Contoso.com", "Jane Doe", true));

        admin(own).body("{\"email\":\"  jane.doe@contoso.COM \",\"role\":\"admin\"}").post(base).then().statusCode(409)
                .body("message", containsString("already exists"));
        admin(own).body("{\"email\":\"ops@contoso.com\",\"role\":\"admin\"}").post(base).then().statusCode(201)
                .body("role", equalTo("admin")).body("displayName", nullValue());

        admin(own).queryParam("email", " JANE.DOE@contoso.com").get(base).then().statusCode(200)
                .body("$", hasSize(1)).body("[0].id", equalTo(id.toString()));
        admin(own).get(base).then().statusCode(200).body("$", hasSize(2));
        admin(own).get(base + "/" + id).then().statusCode(200).body("email", equalTo("Jane.Doe@Contoso.com"))
                .body("scimDeleted", equalTo(false)).body("teamIds", hasSize(0));
        admin(own).get(base + "/" + UUID.randomUUID()).then().statusCode(404);
        admin(own).get(base + "/not-a-uuid").then().statusCode(404);
    }

    @Test
    void providersTeamsAndKeysUnderMultiScim() {
        UUID org = data.tenant("Multi " + UUID.randomUUID(), true).organizationId();
        String own = orgAdmin(org);
        String base = "/admin/organizations/" + org;
        Response provider = admin(own).body("{\"name\":\"Contoso EU tenant\"}").post(base + "/scim-providers");
        provider.then().statusCode(201).body("name", equalTo("Contoso EU tenant")).body("default", equalTo(false))
                .body("teamIds", hasSize(0)).body("createdAt", notNullValue());
        String pid = provider.path("id");
        String team = admin(own).body("{\"name\":\"EU sales\"}").post(base + "/teams").then().statusCode(201)
                .body("scimProviderId", nullValue()).extract().path("id");
        admin(own).body("{\"scimProviderId\":\"" + pid + "\"}").put(base + "/teams/" + team + "/scim-provider")
                .then().statusCode(200).body("id", equalTo(team)).body("scimProviderId", equalTo(pid));
        admin(own).body("{\"name\":\"EU\",\"defaultTeamId\":\"" + team + "\"}").patch(base + "/scim-providers/" + pid)
                .then().statusCode(200).body("name", equalTo("EU")).body("defaultTeamId", equalTo(team))
                .body("teamIds", contains(team));
        admin(own).body("{\"defaultTeamId\":\"" + UUID.randomUUID() + "\"}").patch(base + "/scim-providers/" + pid)
                .then().statusCode(400).body("field", equalTo("defaultTeamId"));
        admin(own).get(base + "/scim-providers").then().statusCode(200).body("$", hasSize(2)).body("[0].default", equalTo(true));
        admin(own).get(base + "/scim-providers/" + UUID.randomUUID()).then().statusCode(404);

        // two live keys at most, so that one can be rotated; a third is refused until one is revoked
        Function<String, Response> newKey = name -> admin(own).body(name == null ? "{}" : "{\"name\":\"" + name + "\"}")
                .post(base + "/scim-providers/" + pid + "/api-keys");
        String first = newKey.apply(null).then().statusCode(201).body("token", startsWith("scim_"))
                .body("scimProviderId", equalTo(pid)).extract().path("id");
        newKey.apply("rotation").then().statusCode(201).body("name", equalTo("rotation"));
        newKey.apply("third").then().statusCode(409).body("message", containsString("revoke one of them first"));
        admin(own).delete(base + "/scim-providers/" + pid + "/api-keys/" + first).then().statusCode(204);
        newKey.apply("third").then().statusCode(201);
        admin(own).get(base + "/scim-providers/" + pid + "/api-keys").then().statusCode(200).body("$", hasSize(3))
                .body("findAll { it.revokedAt == null }", hasSize(2));
        admin(own).delete(base + "/scim-providers/" + pid + "/api-keys/" + UUID.randomUUID()).then().statusCode(404);

        // multi-SCIM cannot be switched off while a further provider exists
        admin(platformAdmin()).body("{\"multiScimEnabled\":false}").patch(base).then().statusCode(409)
                .body("providers.id", contains(pid));
        admin(own).delete(base + "/scim-providers/" + pid).then().statusCode(204);
        admin(own).get(base + "/scim-providers/" + pid).then().statusCode(404);
        admin(own).get(base + "/teams").then().statusCode(200).body("find { it.id == '" + team + "' }.scimProviderId", nullValue());
        admin(platformAdmin()).body("{\"multiScimEnabled\":false}").patch(base).then().statusCode(200)
                .body("multiScimEnabled", equalTo(false));
    }

    @Test
    @SuppressWarnings("unchecked")
    void openApiDescribesTheAdminEndpointsAndTheirBodies() {
        Map<String, Object> paths = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        for (Call call : everyEndpoint(UUID.randomUUID())) {
            String template = call.path().replaceAll("/organizations/[^/]+", "/organizations/{orgId}")
                    .replaceAll("/scim-providers/[^/]+", "/scim-providers/{providerId}")
                    .replaceAll("/api-keys/[^/]+", "/api-keys/{keyId}")
                    .replaceAll("/teams/[^/]+", "/teams/{teamId}")
                    .replaceAll("/members/[^/]+", "/members/{userId}")
                    .replaceAll("/users/[^/]+", "/users/{userId}");
            assertThat(paths).as(template).containsKey(template);
            assertThat((Map<String, Object>) paths.get(template)).as(call.method() + " " + template)
                    .containsKey(call.method().toLowerCase(java.util.Locale.ROOT));
        }
        Map<String, Object> post = (Map<String, Object>) ((Map<String, Object>) paths.get("/admin/organizations/{orgId}/scim-providers")).get("post");
        assertThat(post.get("requestBody").toString()).contains("application/json").contains("Named");
    }
}
