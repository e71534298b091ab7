package dev.provisioning.user;

import static dev.provisioning.support.ScimApi.ERROR;
import static dev.provisioning.support.ScimApi.LIST;
import static dev.provisioning.support.ScimApi.anonymous;
import static dev.provisioning.support.ScimApi.scim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyIterable;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.ScimApi;
import dev.provisioning.support.TenantTest;
import dev.provisioning.support.TestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Entra user sequences of entra-scim.md §1.1–§1.11 replayed against a real PostgreSQL, with
 * the bodies Entra sends in both PATCH dialects, asserting status, body and stored state.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class EntraUserFlowTest extends TenantTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String WORK_EMAIL_FILTER = "emails[type eq \"work\"].value eq \"%s\"";


    @Test
    void testConnectionProbeWithRandomGuidAnswersAnEmptyList() {
        String guid = UUID.randomUUID().toString();
        scim(tenant.token()).queryParam("filter", String.format(WORK_EMAIL_FILTER, guid))
                .get("/scim/v2/Users")
                .then().statusCode(200)
                .contentType(startsWith("application/scim+json"))
                .body("schemas", contains(LIST))
                .body("totalResults", equalTo(0))
                .body("startIndex", equalTo(1))
                .body("itemsPerPage", equalTo(0))
                .body("Resources", emptyIterable());
        scim(tenant.token()).queryParam("filter", "userName eq \"" + guid + "\"")
                .get("/scim/v2/Users")
                .then().statusCode(200).body("totalResults", equalTo(0)).body("Resources", emptyIterable());
    }

    @Test
    void formEncodedProbeAsEntraSendsItAlsoWorks() {
        // Entra encodes spaces as '+' and quotes as %22 (entra-scim.md §1); the unknown aadOptscim062020 parameter is ignored
        scim(tenant.token()).urlEncodingEnabled(false)
                .get("/scim/v2/Users?aadOptscim062020&filter=userName+eq+%22nobody%40contoso.com%22")
                .then().statusCode(200).body("totalResults", equalTo(0));
    }

    @Test
    void createsUserExactlyAsSentAndFindsItByEachMatchingAttribute() {
        String body = fixture("create-user.json");
        Response created = scim(tenant.token()).body(body).post("/scim/v2/Users");
        created.then().statusCode(201)
                .contentType(startsWith("application/scim+json"))
                .header("Location", startsWith("http://"))
                .body("id", not(nullValue()))
                .body("schemas", contains("urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"))
                .body("externalId", equalTo("jdoe"))
                .body("userName", equalTo("jane.doe@contoso.onmicrosoft.com"))
                .body("active", equalTo(true))
                .body("emails[0].value", equalTo("jane.doe@contoso.com"))
                .body("phoneNumbers[1].value", equalTo("+44 7700 900123"))
                .body("addresses[0].postalCode", equalTo("EC1A 1AA"))
                .body("name.givenName", equalTo("Jane"))
                .body("'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'.employeeNumber", equalTo("E-10442"))
                .body("meta.resourceType", equalTo("User"))
                .body("$", not(hasKey("roles")))
                .body("$", not(hasKey("password")));
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/scim/v2/Users/" + id).isEqualTo(created.path("meta.location"));

        // every attribute Entra wrote round-trips exactly
        JsonNode sent = json(body);
        JsonNode back = json(created.asString());
        for (String attribute : List.of("externalId", "userName", "displayName", "title", "preferredLanguage", "emails",
                "phoneNumbers", "addresses", "name", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")) {
            assertThat(back.get(attribute)).as(attribute).isEqualTo(sent.get(attribute));
        }

        Map<String, Object> stored = data.user(UUID.fromString(id));
        assertThat(stored.get("role")).isEqualTo("limited");
        assertThat(stored.get("email")).isEqualTo("jane.doe@contoso.com");
        assertThat(stored.get("scim_provider_id")).isEqualTo(tenant.providerId());
        assertThat(stored.get("active")).isEqualTo(true);
        assertThat(data.count("select count(*) from provisioning_events where resource_id = $1 and operation = 'create' and outcome = 'success'",
                UUID.fromString(id))).isEqualTo(1);

        for (String filter : List.of(String.format(WORK_EMAIL_FILTER, "JANE.DOE@contoso.com"),
                "userName eq \"Jane.Doe@contoso.onmicrosoft.com\"", "externalId eq \"jdoe\"", "id eq \"" + id + "\"",
                "emails.value eq \"jane.doe@contoso.com\"",
                "userName eq \"jane.doe@contoso.onmicrosoft.com\" and externalId eq \"jdoe\"")) {
            scim(tenant.token()).queryParam("filter", filter).get("/scim/v2/Users")
                    .then().statusCode(200)
                    .body("totalResults", equalTo(1))
                    .body("itemsPerPage", equalTo(1))
                    .body("Resources[0].id", equalTo(id));
        }
        // externalId is case-exact
        scim(tenant.token()).queryParam("filter", "externalId eq \"JDOE\"").get("/scim/v2/Users")
                .then().statusCode(200).body("totalResults", equalTo(0));

        scim(tenant.token()).get("/scim/v2/Users/" + id)
                .then().statusCode(200).body("id", equalTo(id)).body("userName", equalTo("jane.doe@contoso.onmicrosoft.com"))
                .header("ETag", equalTo("W/\"1\""));
    }

    @Test
    void duplicateCreateIsAConflictAndChangesNothing() {
        String body = fixture("create-user.json");
        String id = scim(tenant.token()).body(body).post("/scim/v2/Users").then().statusCode(201).extract().path("id");
        scim(tenant.token()).body(body).post("/scim/v2/Users")
                .then().statusCode(409)
                .contentType(startsWith("application/scim+json"))
                .body("schemas", contains(ERROR))
                .body("status", equalTo("409"))
                .body("scimType", equalTo("uniqueness"))
                .body("detail", containsString("already exists for this SCIM provider"));
        assertThat(data.count("select count(*) from users where organization_id = $1", tenant.organizationId())).isEqualTo(1);
        assertThat(data.user(UUID.fromString(id)).get("version")).isEqualTo(1L);
    }

    @Test
    void postClaimsAPreExistingProductUserByEmailInAnyCaseAndKeepsItsRole() {
        UUID existing = data.productUser(tenant.organizationId(), "Jane.Doe@Contoso.com", "Jane (product)", "admin");
        // brownfield: the product user is found by Entra's email filter before any SCIM write
        scim(tenant.token()).queryParam("filter", String.format(WORK_EMAIL_FILTER, "jane.doe@contoso.com"))
                .get("/scim/v2/Users")
                .then().statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(existing.toString()))
                .body("Resources[0].userName", equalTo("Jane.Doe@Contoso.com"))
                .body("Resources[0].emails[0].type", equalTo("work"));

        String body = fixture("create-user.json").replace("jane.doe@contoso.com", " JANE.DOE@contoso.com ");
        scim(tenant.token()).body(body).post("/scim/v2/Users")
                .then().statusCode(201).body("id", equalTo(existing.toString()))
                .body("emails[0].value", equalTo(" JANE.DOE@contoso.com "));
        Map<String, Object> stored = data.user(existing);
        assertThat(stored.get("role")).isEqualTo("admin");
        assertThat(stored.get("scim_provider_id")).isEqualTo(tenant.providerId());
        assertThat(stored.get("email")).isEqualTo(" JANE.DOE@contoso.com ");
        assertThat(data.count("select count(*) from users where organization_id = $1", tenant.organizationId())).isEqualTo(1);
    }

    @Test
    void deactivateFindReactivateInTheDefaultDialect() {
        String id = createJane();
        patch(id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"active","value":"False"}]}""")
                .then().statusCode(200).body("active", equalTo(false)).body("id", equalTo(id));
        assertThat(data.user(UUID.fromString(id)).get("active")).isEqualTo(false);
        assertThat(data.user(UUID.fromString(id)).get("scim_provider_id")).isEqualTo(tenant.providerId());
        scim(tenant.token()).get("/scim/v2/Users/" + id).then().statusCode(200).body("active", equalTo(false));
        scim(tenant.token()).queryParam("filter", String.format(WORK_EMAIL_FILTER, "jane.doe@contoso.com"))
                .get("/scim/v2/Users").then().statusCode(200).body("totalResults", equalTo(1))
                .body("Resources[0].active", equalTo(false));

        patch(id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"active","value":true}]}""")
                .then().statusCode(200).body("active", equalTo(true));
        assertThat(data.user(UUID.fromString(id)).get("active")).isEqualTo(true);
    }

    @Test
    void updatesInBothPatchDialects() {
        String id = createJane();
        patch(id, fixture("patch-default-dialect.json"))
                .then().statusCode(200)
                .body("emails.size()", equalTo(1))
                .body("emails[0].value", equalTo("jane.smith@contoso.com"))
                .body("emails[0].primary", equalTo(true))
                .body("name.familyName", equalTo("Smith"))
                .body("name.givenName", equalTo("Jane"))
                .body("addresses[0].streetAddress", equalTo("2 Example Way"))
                .body("addresses[0].locality", equalTo("London"))
                .body("phoneNumbers.size()", equalTo(3))
                .body("phoneNumbers[2].type", equalTo("fax"))
                .body("phoneNumbers[2].value", equalTo("+44 20 7946 0001"));
        // the product email follows the SCIM work email (product.md §3.1)
        assertThat(data.user(UUID.fromString(id)).get("email")).isEqualTo("jane.smith@contoso.com");

        patch(id, fixture("patch-flag-dialect.json"))
                .then().statusCode(200)
                .body("displayName", equalTo("Jane Smith"))
                .body("name.givenName", equalTo("Janet"))
                .body("name.formatted", equalTo("Jane Doe"))
                .body("'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'.employeeNumber", equalTo("E-20000"))
                .body("'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'.department", equalTo("People"))
                .body("$", not(hasKey("name.givenName")));
        JsonNode stored = data.scimDocument(UUID.fromString(id));
        assertThat(stored.has("name.givenName")).isFalse();
        assertThat(stored.path("name").path("givenName").asText()).isEqualTo("Janet");
    }

    @Test
    void managerInEveryShapeIsStoredByIdAndRenderedAsAnObject() {
        String managerId = createUser("boss@contoso.com", "The Boss");
        String id = createJane();
        String urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        for (String value : List.of("\"" + managerId + "\"", "{\"value\":\"" + managerId + "\"}",
                "[{\"$ref\":\"https://x/Users/" + managerId + "\",\"value\":\"" + managerId + "\"}]")) {
            patch(id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"Add\",\"path\":\""
                    + urn + ":manager\",\"value\":" + value + "}]}")
                    .then().statusCode(200)
                    .body("'" + urn + "'.manager.value", equalTo(managerId))
                    .body("'" + urn + "'.manager.displayName", equalTo("The Boss"))
                    .body("'" + urn + "'.manager.$ref", containsString("/Users/" + managerId));
            assertThat(data.scimDocument(UUID.fromString(id)).path(urn).path("manager").path("value").asText()).isEqualTo(managerId);
        }
        patch(id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"Replace\",\"path\":\""
                + urn + ":manager\",\"value\":\"\"}]}")
                .then().statusCode(200).body("'" + urn + "'", not(hasKey("manager")));
        assertThat(data.scimDocument(UUID.fromString(id)).path(urn).has("manager")).isFalse();
    }

    @Test
    void deleteDeactivatesAndUnlinksThenARepeatedPostClaimsTheSameUser() {
        String id = createJane();
        scim(tenant.token()).delete("/scim/v2/Users/" + id).then().statusCode(204).body(equalTo(""));
        Map<String, Object> stored = data.user(UUID.fromString(id));
        assertThat(stored).isNotNull();
        assertThat(stored.get("active")).isEqualTo(false);
        assertThat(stored.get("scim_provider_id")).isNull();
        assertThat(stored.get("scim_deleted")).isEqualTo(true);

        scim(tenant.token()).get("/scim/v2/Users/" + id).then().statusCode(404)
                .body("schemas", contains(ERROR)).body("status", equalTo("404"));
        scim(tenant.token()).queryParam("filter", String.format(WORK_EMAIL_FILTER, "jane.doe@contoso.com"))
                .get("/scim/v2/Users").then().statusCode(200).body("totalResults", equalTo(0));
        patch(id, "{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]}").then().statusCode(404);
        scim(tenant.token()).body(fixture("create-user.json")).put("/scim/v2/Users/" + id).then().statusCode(404);
        scim(tenant.token()).delete("/scim/v2/Users/" + id).then().statusCode(404);

        scim(tenant.token()).body(fixture("create-user.json")).post("/scim/v2/Users")
                .then().statusCode(201).body("id", equalTo(id)).body("active", equalTo(true));
        Map<String, Object> reclaimed = data.user(UUID.fromString(id));
        assertThat(reclaimed.get("active")).isEqualTo(true);
        assertThat(reclaimed.get("scim_provider_id")).isEqualTo(tenant.providerId());
        assertThat(reclaimed.get("scim_deleted")).isEqualTo(false);
    }

    @Test
    void putReplacesTheDocument() {
        String id = createJane();
        String body = """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"jane.doe@contoso.onmicrosoft.com",
                 "emails":[{"type":"work","value":"jane.doe@contoso.com"}],"displayName":"Jane D.","active":false}""";
        scim(tenant.token()).body(body).put("/scim/v2/Users/" + id)
                .then().statusCode(200)
                .body("displayName", equalTo("Jane D."))
                .body("active", equalTo(false))
                .body("$", not(hasKey("title")))
                .body("$", not(hasKey("name")));
        Map<String, Object> stored = data.user(UUID.fromString(id));
        assertThat(stored.get("active")).isEqualTo(false);
        assertThat(((JsonNode) stored.get("scim")).has("title")).isFalse();
    }

    @Test
    void badInputGetsScimErrorsAndChangesNothing() {
        scim(tenant.token()).body("{\"userName\": ").post("/scim/v2/Users")
                .then().statusCode(400).contentType(startsWith("application/scim+json"))
                .body("schemas", contains(ERROR)).body("status", equalTo("400")).body("scimType", equalTo("invalidSyntax"));
        scim(tenant.token()).body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"displayName\":\"x\"}")
                .post("/scim/v2/Users")
                .then().statusCode(400).body("scimType", equalTo("invalidValue")).body("detail", containsString("userName"));
        scim(tenant.token()).contentType("text/plain").body("userName=x").post("/scim/v2/Users")
                .then().statusCode(415).contentType(startsWith("application/scim+json"))
                .body("schemas", contains(ERROR)).body("status", equalTo("415"));
        scim(tenant.token()).get("/scim/v2/Users/" + UUID.randomUUID()).then().statusCode(404)
                .body("schemas", contains(ERROR)).body("status", equalTo("404"));
        scim(tenant.token()).get("/scim/v2/Users/not-a-uuid").then().statusCode(404).body("status", equalTo("404"));
        scim(tenant.token()).queryParam("filter", "userName equals \"x\"").get("/scim/v2/Users")
                .then().statusCode(400).body("scimType", equalTo("invalidFilter"));
        scim(tenant.token()).queryParam("filter", "nickname2 eq \"x\"").get("/scim/v2/Users")
                .then().statusCode(400).body("scimType", equalTo("invalidFilter"));
        String id = createJane();
        patch(id, "{\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"maybe\"}]}")
                .then().statusCode(400).body("scimType", equalTo("invalidValue"));
        patch(id, "{\"Operations\":[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"ok\"},"
                + "{\"op\":\"Replace\",\"path\":\"unknownAttribute\",\"value\":\"x\"}]}")
                .then().statusCode(400).body("scimType", equalTo("invalidPath"));
        assertThat(data.scimDocument(UUID.fromString(id)).get("displayName").asText()).isEqualTo("Jane Doe");
        assertThat(data.user(UUID.fromString(id)).get("version")).isEqualTo(1L);
        scim(tenant.token()).get("/scim/v2/NoSuchThing").then().statusCode(404)
                .contentType(startsWith("application/scim+json")).body("schemas", contains(ERROR));
        scim(tenant.token()).delete("/scim/v2/Users").then().statusCode(405)
                .contentType(startsWith("application/scim+json")).body("status", equalTo("405"));
        scim(tenant.token()).body("{}").post("/scim/v2/Bulk").then().statusCode(400).body("status", equalTo("400"))
                .body("scimType", equalTo("invalidSyntax"));
        scim(tenant.token()).get("/scim/v2/Me").then().statusCode(501).body("status", equalTo("501"));
    }

    @Test
    void authenticationFailuresAre401Or403WithScimBodies() {
        anonymous().get("/scim/v2/Users").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"scim\""))
                .contentType(startsWith("application/scim+json"))
                .body("schemas", contains(ERROR)).body("status", equalTo("401"));
        scim("scim_unknown").get("/scim/v2/Users").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"scim\""));
        anonymous().header("Authorization", "Basic abc").get("/scim/v2/Users").then().statusCode(401);

        TestData.Key noPermission = data.orgKey(tenant.organizationId(), List.of());
        scim(noPermission.token()).get("/scim/v2/Users").then().statusCode(403)
                .body("status", equalTo("403")).body("detail", containsString("manage_users"));

        data.exec("update organizations set scim_enabled = false where id = $1", tenant.organizationId());
        TestData.Tenant disabled = tenant;
        TestData.Key fresh = data.orgKey(disabled.organizationId(), List.of("manage_users"));
        scim(fresh.token()).get("/scim/v2/Users").then().statusCode(403)
                .body("detail", containsString("not enabled"));

        TestData.Tenant other = data.tenant("Revoked Inc " + UUID.randomUUID(), false);
        TestData.Key revoked = data.orgKey(other.organizationId(), List.of("manage_users"));
        data.exec("update api_keys set revoked_at = now() where id = $1", revoked.id());
        scim(revoked.token()).get("/scim/v2/Users").then().statusCode(401).body("status", equalTo("401"));
    }

    @Test
    void providerBaseUrlActsOnlyForItsOwnProvider() {
        String id = createJane();
        String base = "/scim/v2/providers/" + tenant.providerId();
        scim(tenant.token()).get(base + "/Users/" + id).then().statusCode(200).body("id", equalTo(id))
                .body("meta.location", containsString(base + "/Users/" + id));
        scim(tenant.token()).queryParam("filter", String.format(WORK_EMAIL_FILTER, "jane.doe@contoso.com"))
                .get(base + "/Users").then().statusCode(200).body("totalResults", equalTo(1));
        scim(tenant.token()).get("/scim/v2/providers/" + UUID.randomUUID() + "/Users/" + id).then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"scim\""));
        TestData.Tenant other = data.tenant("Other " + UUID.randomUUID(), false);
        scim(other.token()).get(base + "/Users/" + id).then().statusCode(401);
    }

    @Test
    void anotherOrganizationsKeyNeverSeesOrChangesTheseUsers() {
        String id = createJane();
        TestData.Tenant other = data.tenant("Fabrikam " + UUID.randomUUID(), false);
        scim(other.token()).get("/scim/v2/Users/" + id).then().statusCode(404);
        scim(other.token()).queryParam("filter", String.format(WORK_EMAIL_FILTER, "jane.doe@contoso.com"))
                .get("/scim/v2/Users").then().statusCode(200).body("totalResults", equalTo(0));
        scim(other.token()).get("/scim/v2/Users").then().statusCode(200).body("totalResults", equalTo(0));
        scim(other.token()).queryParam("filter", "id eq \"" + id + "\"").get("/scim/v2/Users")
                .then().statusCode(200).body("totalResults", equalTo(0));
        scim(other.token()).body("{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}")
                .patch("/scim/v2/Users/" + id).then().statusCode(404);
        scim(other.token()).body(fixture("create-user.json")).put("/scim/v2/Users/" + id).then().statusCode(404);
        scim(other.token()).delete("/scim/v2/Users/" + id).then().statusCode(404);
        Map<String, Object> stored = data.user(UUID.fromString(id));
        assertThat(stored.get("active")).isEqualTo(true);
        assertThat(stored.get("version")).isEqualTo(1L);
        // the same email in another organization is another user
        String otherId = scim(other.token()).body(fixture("create-user.json")).post("/scim/v2/Users")
                .then().statusCode(201).extract().path("id");
        assertThat(otherId).isNotEqualTo(id);
    }

    @Test
    void pagingIsStableAcrossPages() {
        for (int i = 0; i < 11; i++) {
            createUser("user" + i + "@contoso.com", "User " + i);
        }
        List<String> seen = new java.util.ArrayList<>();
        for (int page = 0; page < 3; page++) {
            Response response = scim(tenant.token()).queryParam("startIndex", page * 5 + 1).queryParam("count", 5)
                    .get("/scim/v2/Users");
            response.then().statusCode(200).body("totalResults", equalTo(11)).body("startIndex", equalTo(page * 5 + 1))
                    .body("itemsPerPage", equalTo(page < 2 ? 5 : 1));
            seen.addAll(response.path("Resources.id"));
        }
        assertThat(seen).hasSize(11).doesNotHaveDuplicates();
        scim(tenant.token()).queryParam("count", 0).get("/scim/v2/Users")
                .then().statusCode(200).body("totalResults", equalTo(11)).body("itemsPerPage", equalTo(0))
                .body("Resources", emptyIterable());
    }

    @Test
    void attributesAndExcludedAttributesProjectTheResponse() {
        String id = createJane();
        scim(tenant.token()).queryParam("attributes", "userName").get("/scim/v2/Users/" + id)
                .then().statusCode(200).body("id", equalTo(id)).body("userName", not(nullValue()))
                .body("$", not(hasKey("emails"))).body("$", not(hasKey("name")));
        scim(tenant.token()).queryParam("excludedAttributes", "emails,name").get("/scim/v2/Users/" + id)
                .then().statusCode(200).body("$", not(hasKey("emails"))).body("$", not(hasKey("name")))
                .body("userName", not(nullValue()));
    }

    @Test
    void discoveryDocumentsAreServed() {
        scim(tenant.token()).get("/scim/v2/ServiceProviderConfig").then().statusCode(200)
                .contentType(startsWith("application/scim+json"))
                .body("patch.supported", equalTo(true)).body("bulk.supported", equalTo(true))
                .body("bulk.maxOperations", equalTo(1000)).body("bulk.maxPayloadSize", equalTo(1048576))
                .body("filter.supported", equalTo(true)).body("filter.maxResults", equalTo(200));
        scim(tenant.token()).get("/scim/v2/ResourceTypes").then().statusCode(200)
                .body("Resources[0].endpoint", equalTo("/Users")).body("totalResults", equalTo(2));
        scim(tenant.token()).get("/scim/v2/Schemas").then().statusCode(200).body("totalResults", equalTo(6));
        scim(tenant.token()).get("/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig")
                .then().statusCode(200).body("attributes.name", org.hamcrest.Matchers.hasItem("bulk"));
        scim(tenant.token()).get("/scim/v2/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
                .then().statusCode(200).body("id", equalTo("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
        scim(tenant.token()).get("/scim/v2/ResourceTypes/Group").then().statusCode(200).body("endpoint", equalTo("/Groups"));
    }

    @Test
    void acceptsJsonWithAndWithoutCharset() {
        String body = "{\"userName\":\"plain@contoso.com\",\"emails\":[{\"type\":\"work\",\"value\":\"plain@contoso.com\"}]}";
        scim(tenant.token()).contentType("application/json").body(body).post("/scim/v2/Users").then().statusCode(201);
        String second = body.replace("plain@", "scim@");
        scim(tenant.token()).contentType("application/scim+json").body(second).post("/scim/v2/Users").then().statusCode(201);
        scim(tenant.token()).accept("application/json").get("/scim/v2/Users").then().statusCode(200)
                .contentType(startsWith("application/scim+json"));
    }

    private String createJane() {
        return scim(tenant.token()).body(fixture("create-user.json")).post("/scim/v2/Users")
                .then().statusCode(201).extract().path("id");
    }

    private String createUser(String email, String displayName) {
        return ScimApi.createUser(tenant.token(), email, displayName);
    }

    private Response patch(String id, String body) {
        return scim(tenant.token()).body(body).patch("/scim/v2/Users/" + id);
    }

    static String fixture(String name) {
        try (InputStream in = EntraUserFlowTest.class.getResourceAsStream("/entra/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
