package dev.provisioning.team;

import static dev.provisioning.support.ScimApi.ERROR;
import static dev.provisioning.support.ScimApi.LIST;
import static dev.provisioning.support.ScimApi.scim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyIterable;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.ScimApi;
import dev.provisioning.support.TestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Entra group sequences of entra-scim.md §1.12–§1.13 in both PATCH dialects, the group rules
 * of product.md §3.5 and a 100 000-member group, against a real PostgreSQL: status, body and
 * stored state.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class GroupFlowTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final String GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group";

    TestData data;
    TestData.Tenant tenant;

    @BeforeEach
    void tenant() {
        data = new TestData();
        tenant = data.tenant("Contoso " + UUID.randomUUID(), false);
    }

    // ------------------------------------------------------------------ Entra sequences

    @Test
    void entraGroupLifecycleInTheDefaultDialect() {
        String alice = createUser(tenant.token(), "alice@contoso.com", "Alice");
        String bob = createUser(tenant.token(), "bob@contoso.com", "Bob");
        String carol = createUser(tenant.token(), "carol@contoso.com", "Carol");

        // Entra looks the name up first: nothing yet
        lookUp(tenant.token(), "Recruiters – EMEA").then().statusCode(200).body("totalResults", equalTo(0))
                .body("Resources", emptyIterable());

        Response created = scim(tenant.token()).body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group",
                            "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
                 "externalId":"3f2f8c2e-91a4-4b4e-9d5e-4a1b0c7e2d10","displayName":"Recruiters – EMEA",
                 "meta":{"resourceType":"Group"},"members":[]}""").post("/scim/v2/Groups");
        created.then().statusCode(201)
                .contentType(startsWith("application/scim+json"))
                .body("schemas", contains(GROUP_URN))
                .body("externalId", equalTo("3f2f8c2e-91a4-4b4e-9d5e-4a1b0c7e2d10"))
                .body("displayName", equalTo("Recruiters – EMEA"))
                .body("$", not(hasKey("members")))
                .body("meta.resourceType", equalTo("Group"))
                .body("meta.version", equalTo("W/\"1\""))
                .header("ETag", equalTo("W/\"1\""));
        String id = created.path("id");
        UUID teamId = UUID.fromString(id);
        assertThat(created.header("Location")).endsWith("/scim/v2/Groups/" + id).isEqualTo(created.path("meta.location"));
        Map<String, Object> team = data.teamRow(teamId);
        assertThat(team.get("name")).isEqualTo("Recruiters – EMEA");
        assertThat(team.get("scim_provider_id")).isEqualTo(tenant.providerId());
        assertThat(team.get("external_id")).isEqualTo("3f2f8c2e-91a4-4b4e-9d5e-4a1b0c7e2d10");
        assertThat(data.members(teamId)).isEmpty();
        assertThat(events(teamId, "create")).containsExactly("success");

        // lookup by displayName (any case), members never in the answer
        lookUp(tenant.token(), "RECRUITERS – emea").then().statusCode(200)
                .body("schemas", contains(LIST))
                .body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(id))
                .body("Resources[0]", not(hasKey("members")));
        scim(tenant.token()).queryParam("excludedAttributes", "members").get("/scim/v2/Groups/" + id)
                .then().statusCode(200).body("id", equalTo(id)).body("displayName", equalTo("Recruiters – EMEA"))
                .body("$", not(hasKey("members")));

        // add two members, one with "$ref": null
        patch(tenant.token(), id, "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"$ref\":null,\"value\":\"" + alice
                + "\"},{\"value\":\"" + bob + "\"}]}]")
                .then().statusCode(204).body(emptyString());
        assertThat(data.members(teamId)).containsExactlyInAnyOrder(UUID.fromString(alice), UUID.fromString(bob));
        assertThat(data.teamRow(teamId).get("version")).isEqualTo(2L);
        assertThat(lastDetail(teamId, "patch")).isEqualTo("members added: 2, removed: 0");

        // adding an existing member is a no-op success that changes nothing
        patch(tenant.token(), id, "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + alice + "\"}]}]")
                .then().statusCode(204);
        assertThat(data.teamRow(teamId).get("version")).isEqualTo(2L);

        scim(tenant.token()).get("/scim/v2/Groups/" + id).then().statusCode(200)
                .body("members.size()", equalTo(2))
                .body("members.value", containsInAnyOrder(alice, bob))
                .body("members.find { it.value == '" + alice + "' }.display", equalTo("Alice"))
                .body("members.find { it.value == '" + alice + "' }.type", equalTo("User"))
                .body("members.find { it.value == '" + alice + "' }.$ref", startsWith("http"))
                .body("members.find { it.value == '" + alice + "' }.$ref", containsString("/scim/v2/Users/" + alice));

        // remove by value array (default dialect): only the listed member goes
        patch(tenant.token(), id, "[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + alice + "\"}]}]")
                .then().statusCode(204);
        assertThat(data.members(teamId)).containsExactly(UUID.fromString(bob));
        // removing a non-member is a no-op success
        patch(tenant.token(), id, "[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + carol + "\"}]}]")
                .then().statusCode(204);
        assertThat(data.members(teamId)).containsExactly(UUID.fromString(bob));
        long version = (Long) data.teamRow(teamId).get("version");

        // rename
        patch(tenant.token(), id, "[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Recruiters – Europe\"}]")
                .then().statusCode(204).body(emptyString());
        assertThat(data.teamRow(teamId).get("name")).isEqualTo("Recruiters – Europe");
        assertThat(data.teamRow(teamId).get("version")).isEqualTo(version + 1);
        assertThat(data.members(teamId)).containsExactly(UUID.fromString(bob));

        // mixed add and remove, applied in order: carol and alice in, bob out, then alice out again
        patch(tenant.token(), id, "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + carol + "\"},{\"value\":\""
                + alice + "\"}]},{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + bob + "\"}]},"
                + "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + alice + "\"}]}]")
                .then().statusCode(204);
        assertThat(data.members(teamId)).containsExactly(UUID.fromString(carol));
        assertThat(lastDetail(teamId, "patch")).isEqualTo("members added: 2, removed: 2");

        // delete: 204, then 404 for this provider; the team and its memberships stay in the product
        scim(tenant.token()).delete("/scim/v2/Groups/" + id).then().statusCode(204).body(emptyString());
        scim(tenant.token()).get("/scim/v2/Groups/" + id).then().statusCode(404)
                .body("schemas", contains(ERROR)).body("status", equalTo("404"));
        lookUp(tenant.token(), "Recruiters – Europe").then().statusCode(200).body("totalResults", equalTo(0));
        patch(tenant.token(), id, "[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"x\"}]").then().statusCode(404);
        scim(tenant.token()).delete("/scim/v2/Groups/" + id).then().statusCode(404);
        team = data.teamRow(teamId);
        assertThat(team).isNotNull();
        assertThat(team.get("scim_provider_id")).isNull();
        assertThat(team.get("name")).isEqualTo("Recruiters – Europe");
        assertThat(team.get("external_id")).isEqualTo("3f2f8c2e-91a4-4b4e-9d5e-4a1b0c7e2d10");
        assertThat(data.members(teamId)).containsExactly(UUID.fromString(carol));
        // the repeated DELETE's 404 is recorded as a failure
        assertThat(events(teamId, "delete")).containsExactly("success", "failure");

        // the name is free again for this provider: a new team
        String again = createGroup(tenant.token(), "Recruiters – Europe");
        assertThat(again).isNotEqualTo(id);
    }

    @Test
    void entraGroupMembershipInTheFlagDialect() {
        String alice = createUser(tenant.token(), "alice@contoso.com", "Alice");
        String bob = createUser(tenant.token(), "bob@contoso.com", "Bob");
        String id = createGroup(tenant.token(), "Engineering");
        UUID teamId = UUID.fromString(id);

        patch(tenant.token(), id, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + alice + "\"},{\"value\":\""
                + bob + "\"}]}]").then().statusCode(204);
        assertThat(data.members(teamId)).containsExactlyInAnyOrder(UUID.fromString(alice), UUID.fromString(bob));

        patch(tenant.token(), id, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + alice + "\\\"]\"}]")
                .then().statusCode(204).body(emptyString());
        assertThat(data.members(teamId)).containsExactly(UUID.fromString(bob));
        // a filter that matches no member: no-op success
        patch(tenant.token(), id, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + alice + "\\\"]\"}]")
                .then().statusCode(204);
        assertThat(data.members(teamId)).containsExactly(UUID.fromString(bob));

        // path-less replace of the name, as the flag dialect sends it
        patch(tenant.token(), id, "[{\"op\":\"replace\",\"value\":{\"displayName\":\"Engineering EU\"}}]")
                .then().statusCode(204);
        assertThat(data.teamRow(teamId).get("name")).isEqualTo("Engineering EU");

        // replace the whole member set, then remove all
        patch(tenant.token(), id, "[{\"op\":\"replace\",\"path\":\"members\",\"value\":[{\"value\":\"" + alice + "\"}]}]")
                .then().statusCode(204);
        assertThat(data.members(teamId)).containsExactly(UUID.fromString(alice));
        patch(tenant.token(), id, "[{\"op\":\"remove\",\"path\":\"members\"}]").then().statusCode(204);
        assertThat(data.members(teamId)).isEmpty();
        scim(tenant.token()).get("/scim/v2/Groups/" + id).then().statusCode(200).body("$", not(hasKey("members")));
    }

    @Test
    void patchAnswers200WithTheProjectedGroupOnlyWhenAskedAndHonoursIfMatch() {
        String alice = createUser(tenant.token(), "alice@contoso.com", "Alice");
        String id = createGroup(tenant.token(), "Sales");
        scim(tenant.token()).queryParam("excludedAttributes", "members")
                .body(patchBody("[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + alice + "\"}]}]"))
                .patch("/scim/v2/Groups/" + id)
                .then().statusCode(200).contentType(startsWith("application/scim+json"))
                .body("id", equalTo(id)).body("displayName", equalTo("Sales")).body("$", not(hasKey("members")))
                .body("meta.version", equalTo("W/\"2\"")).header("ETag", equalTo("W/\"2\""));
        scim(tenant.token()).queryParam("attributes", "members")
                .body(patchBody("[{\"op\":\"replace\",\"path\":\"externalId\",\"value\":\"ext-1\"}]"))
                .patch("/scim/v2/Groups/" + id)
                .then().statusCode(200).body("members.value", contains(alice)).body("$", not(hasKey("displayName")))
                .body("id", equalTo(id));

        scim(tenant.token()).header("If-Match", "W/\"1\"")
                .body(patchBody("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Stale\"}]"))
                .patch("/scim/v2/Groups/" + id)
                .then().statusCode(412).body("schemas", contains(ERROR)).body("status", equalTo("412"));
        assertThat(data.teamRow(UUID.fromString(id)).get("name")).isEqualTo("Sales");
        scim(tenant.token()).header("If-Match", "W/\"3\"")
                .body(patchBody("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Sales EU\"}]"))
                .patch("/scim/v2/Groups/" + id)
                .then().statusCode(204).header("ETag", equalTo("W/\"4\""));
        scim(tenant.token()).header("If-Match", "W/\"1\"").delete("/scim/v2/Groups/" + id).then().statusCode(412);
        assertThat(data.teamRow(UUID.fromString(id)).get("scim_provider_id")).isEqualTo(tenant.providerId());

        // readOnly / required attributes
        patch(tenant.token(), id, "[{\"op\":\"remove\",\"path\":\"displayName\"}]").then().statusCode(400)
                .body("scimType", equalTo("mutability"));
        patch(tenant.token(), id, "[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}]").then().statusCode(400)
                .body("scimType", equalTo("mutability"));
        patch(tenant.token(), id, "[{\"op\":\"replace\",\"path\":\"nickName\",\"value\":\"x\"}]").then().statusCode(400)
                .body("scimType", equalTo("invalidPath"));
        assertThat(data.teamRow(UUID.fromString(id)).get("version")).isEqualTo(4L);
    }

    @Test
    void putReplacesNameExternalIdAndTheWholeMemberSet() {
        String alice = createUser(tenant.token(), "alice@contoso.com", "Alice");
        String bob = createUser(tenant.token(), "bob@contoso.com", "Bob");
        String carol = createUser(tenant.token(), "carol@contoso.com", "Carol");
        Response created = scim(tenant.token()).body("{\"schemas\":[\"" + GROUP_URN + "\"],\"displayName\":\"Ops\","
                + "\"externalId\":\"e1\",\"members\":[{\"value\":\"" + alice + "\"},{\"value\":\"" + bob + "\"}]}")
                .post("/scim/v2/Groups");
        created.then().statusCode(201).body("members.value", containsInAnyOrder(alice, bob));
        String id = created.path("id");
        UUID teamId = UUID.fromString(id);
        assertThat(data.members(teamId)).containsExactlyInAnyOrder(UUID.fromString(alice), UUID.fromString(bob));
        assertThat(lastDetail(teamId, "create")).isEqualTo("members added: 2, removed: 0");

        scim(tenant.token()).body("{\"schemas\":[\"" + GROUP_URN + "\"],\"displayName\":\"Operations\","
                        + "\"members\":[{\"value\":\"" + bob + "\"},{\"value\":\"" + carol + "\"}]}")
                .put("/scim/v2/Groups/" + id)
                .then().statusCode(200).body("displayName", equalTo("Operations")).body("$", not(hasKey("externalId")))
                .body("members.value", containsInAnyOrder(bob, carol)).body("meta.version", equalTo("W/\"2\""));
        Map<String, Object> team = data.teamRow(teamId);
        assertThat(team.get("name")).isEqualTo("Operations");
        assertThat(team.get("external_id")).isNull();
        assertThat(data.members(teamId)).containsExactlyInAnyOrder(UUID.fromString(bob), UUID.fromString(carol));
        assertThat(lastDetail(teamId, "replace")).isEqualTo("members added: 1, removed: 1");

        // the same PUT again changes nothing
        scim(tenant.token()).body("{\"displayName\":\"Operations\",\"members\":[{\"value\":\"" + carol + "\"},{\"value\":\""
                + bob + "\"}]}").put("/scim/v2/Groups/" + id).then().statusCode(200).body("meta.version", equalTo("W/\"2\""));

        // no members in a PUT: the group has none
        scim(tenant.token()).body("{\"displayName\":\"Operations\"}").put("/scim/v2/Groups/" + id)
                .then().statusCode(200).body("$", not(hasKey("members")));
        assertThat(data.members(teamId)).isEmpty();

        scim(tenant.token()).header("If-Match", "W/\"1\"").body("{\"displayName\":\"Stale\"}").put("/scim/v2/Groups/" + id)
                .then().statusCode(412);
        scim(tenant.token()).body("{\"externalId\":\"no name\"}").put("/scim/v2/Groups/" + id)
                .then().statusCode(400).body("scimType", equalTo("invalidValue")).body("detail", containsString("displayName"));
        assertThat(data.teamRow(teamId).get("name")).isEqualTo("Operations");
    }

    // ------------------------------------------------------------------ lookups

    @Test
    void legacyMembershipCheckAndFilters() {
        String alice = createUser(tenant.token(), "alice@contoso.com", "Alice");
        String bob = createUser(tenant.token(), "bob@contoso.com", "Bob");
        String id = scim(tenant.token()).body("{\"displayName\":\"Finance\",\"externalId\":\"fin-1\",\"members\":[{\"value\":\""
                + alice + "\"}]}").post("/scim/v2/Groups").then().statusCode(201).extract().path("id");
        String other = createGroup(tenant.token(), "Legal");

        scim(tenant.token()).queryParam("filter", "id eq \"" + id + "\" and members eq \"" + alice + "\"")
                .queryParam("attributes", "id").get("/scim/v2/Groups")
                .then().statusCode(200).body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(id))
                .body("Resources[0].schemas", contains(GROUP_URN))
                .body("Resources[0].keySet()", containsInAnyOrder("schemas", "id"));
        scim(tenant.token()).queryParam("filter", "id eq \"" + id + "\" and members eq \"" + bob + "\"")
                .queryParam("attributes", "id").get("/scim/v2/Groups")
                .then().statusCode(200).body("totalResults", equalTo(0)).body("Resources", emptyIterable());

        for (String filter : List.of("displayName eq \"FINANCE\"", "externalId eq \"fin-1\"", "id eq \"" + id + "\"",
                "members eq \"" + alice + "\"", "members[value eq \"" + alice + "\"]", "members.value eq \"" + alice + "\"")) {
            scim(tenant.token()).queryParam("filter", filter).queryParam("excludedAttributes", "members").get("/scim/v2/Groups")
                    .then().statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(id))
                    .body("Resources[0]", not(hasKey("members")));
        }
        // externalId is case-exact
        scim(tenant.token()).queryParam("filter", "externalId eq \"FIN-1\"").get("/scim/v2/Groups")
                .then().statusCode(200).body("totalResults", equalTo(0));
        // Entra's probe with a random GUID
        lookUp(tenant.token(), UUID.randomUUID().toString()).then().statusCode(200)
                .body("schemas", contains(LIST)).body("totalResults", equalTo(0)).body("startIndex", equalTo(1))
                .body("itemsPerPage", equalTo(0)).body("Resources", emptyIterable());
        scim(tenant.token()).queryParam("filter", "displayName eq").get("/scim/v2/Groups")
                .then().statusCode(400).body("scimType", equalTo("invalidFilter"));

        // list, sort, paging, cursor, .search
        scim(tenant.token()).queryParam("sortBy", "displayName").queryParam("sortOrder", "descending").get("/scim/v2/Groups")
                .then().statusCode(200).body("totalResults", equalTo(2)).body("Resources.displayName", contains("Legal", "Finance"))
                .body("Resources[1].members.value", contains(alice));
        scim(tenant.token()).queryParam("startIndex", 2).queryParam("count", 1).get("/scim/v2/Groups")
                .then().statusCode(200).body("totalResults", equalTo(2)).body("startIndex", equalTo(2))
                .body("itemsPerPage", equalTo(1)).body("Resources[0].id", equalTo(other));
        Response first = scim(tenant.token()).urlEncodingEnabled(false).get("/scim/v2/Groups?cursor=&count=1");
        first.then().statusCode(200).body("totalResults", equalTo(2)).body("Resources[0].id", equalTo(id))
                .body("$", not(hasKey("startIndex"))).body("nextCursor", not(nullValue()));
        scim(tenant.token()).queryParam("cursor", (String) first.path("nextCursor")).queryParam("count", 1).get("/scim/v2/Groups")
                .then().statusCode(200).body("Resources[0].id", equalTo(other)).body("$", not(hasKey("nextCursor")));
        scim(tenant.token()).body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],"
                        + "\"filter\":\"displayName eq \\\"legal\\\"\",\"excludedAttributes\":[\"members\"]}")
                .post("/scim/v2/Groups/.search")
                .then().statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(other));

        // the provider base URL serves the same groups
        String base = "/scim/v2/providers/" + tenant.providerId();
        scim(tenant.token()).get(base + "/Groups/" + id).then().statusCode(200)
                .body("meta.location", containsString(base + "/Groups/" + id))
                .body("members[0].$ref", containsString(base + "/Users/" + alice));
    }

    // ------------------------------------------------------------------ rules

    @Test
    void duplicateDisplayNameIsAConflict() {
        String id = createGroup(tenant.token(), "Recruiters");
        scim(tenant.token()).body("{\"displayName\":\"RECRUITERS\"}").post("/scim/v2/Groups")
                .then().statusCode(409).contentType(startsWith("application/scim+json"))
                .body("schemas", contains(ERROR)).body("status", equalTo("409")).body("scimType", equalTo("uniqueness"))
                .body("detail", containsString("RECRUITERS"));
        assertThat(data.count("select count(*) from teams where organization_id = $1", tenant.organizationId())).isEqualTo(1);
        assertThat(data.count("select count(*) from provisioning_events where organization_id = $1 and resource_type = 'Group'"
                + " and operation = 'create' and outcome = 'failure' and status = 409", tenant.organizationId())).isEqualTo(1);

        // renaming onto another group's name, too
        String other = createGroup(tenant.token(), "Hiring managers");
        patch(tenant.token(), other, "[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"recruiters\"}]")
                .then().statusCode(409).body("scimType", equalTo("uniqueness"));
        assertThat(data.teamRow(UUID.fromString(other)).get("name")).isEqualTo("Hiring managers");
        // a team this provider does not manage does not block the name
        data.exec("insert into teams (id, organization_id, name) values ($1, $2, 'Unmanaged')", UUID.randomUUID(),
                tenant.organizationId());
        createGroup(tenant.token(), "unmanaged");
        assertThat(id).isNotNull();
    }

    @Test
    void anUnknownMemberIdIsRejectedNamingItAndNothingOfTheRequestIsApplied() {
        String alice = createUser(tenant.token(), "alice@contoso.com", "Alice");
        String bob = createUser(tenant.token(), "bob@contoso.com", "Bob");
        String id = createGroup(tenant.token(), "Support");
        UUID teamId = UUID.fromString(id);
        patch(tenant.token(), id, "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + alice + "\"}]}]")
                .then().statusCode(204);

        String unknown = UUID.randomUUID().toString();
        patch(tenant.token(), id, "[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Renamed\"},"
                + "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + alice + "\"}]},"
                + "{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + bob + "\"},{\"value\":\"" + unknown + "\"}]}]")
                .then().statusCode(400).contentType(startsWith("application/scim+json"))
                .body("schemas", contains(ERROR)).body("status", equalTo("400")).body("scimType", equalTo("invalidValue"))
                .body("detail", containsString(unknown)).body("detail", not(containsString(bob)));
        assertThat(data.members(teamId)).containsExactly(UUID.fromString(alice));
        assertThat(data.teamRow(teamId).get("name")).isEqualTo("Support");
        assertThat(data.teamRow(teamId).get("version")).isEqualTo(2L);
        assertThat(data.count("select count(*) from provisioning_events where resource_id = $1 and operation = 'patch'"
                + " and outcome = 'failure' and status = 400", teamId)).isEqualTo(1);

        patch(tenant.token(), id, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"not-a-user\"}]}]")
                .then().statusCode(400).body("scimType", equalTo("invalidValue")).body("detail", containsString("not-a-user"));
        scim(tenant.token()).body("{\"displayName\":\"With ghost\",\"members\":[{\"value\":\"" + unknown + "\"}]}")
                .post("/scim/v2/Groups")
                .then().statusCode(400).body("scimType", equalTo("invalidValue")).body("detail", containsString(unknown));
        assertThat(data.count("select count(*) from teams where organization_id = $1 and name = 'With ghost'",
                tenant.organizationId())).isZero();
        scim(tenant.token()).body("{\"displayName\":\"Support\",\"members\":[{\"value\":\"" + unknown + "\"}]}")
                .put("/scim/v2/Groups/" + id).then().statusCode(400).body("detail", containsString(unknown));
        assertThat(data.members(teamId)).containsExactly(UUID.fromString(alice));
        // nested groups are not members
        String group = createGroup(tenant.token(), "Nested");
        patch(tenant.token(), id, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + group + "\",\"type\":\"Group\"}]}]")
                .then().statusCode(400).body("scimType", equalTo("invalidValue"));
        patch(tenant.token(), id, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + group + "\"}]}]")
                .then().statusCode(400).body("detail", containsString(group));
        assertThat(data.members(teamId)).containsExactly(UUID.fromString(alice));
    }

    @Test
    void newUsersJoinTheDefaultTeamAndKeepMembershipsWhenDeactivatedOrDeleted() {
        String id = createGroup(tenant.token(), "Everyone");
        UUID teamId = UUID.fromString(id);
        data.exec("update scim_providers set default_team_id = $1 where id = $2", teamId, tenant.providerId());

        String alice = scim(tenant.token())
                .body("{\"userName\":\"alice@contoso.com\",\"displayName\":\"Alice\",\"emails\":[{\"type\":\"work\",\"value\":\"alice@contoso.com\"}]}")
                .post("/scim/v2/Users").then().statusCode(201)
                .body("groups.value", contains(id)).body("groups[0].display", equalTo("Everyone"))
                .extract().path("id");
        assertThat(data.members(teamId)).containsExactly(UUID.fromString(alice));
        scim(tenant.token()).get("/scim/v2/Groups/" + id).then().statusCode(200).body("members.value", contains(alice));
        scim(tenant.token()).get("/scim/v2/Users/" + alice).then().statusCode(200)
                .body("groups.value", contains(id)).body("groups[0].display", equalTo("Everyone"));

        scim(tenant.token()).body("{\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}")
                .patch("/scim/v2/Users/" + alice).then().statusCode(200).body("active", equalTo(false))
                .body("groups.value", contains(id));
        scim(tenant.token()).queryParam("filter", "userName eq \"alice@contoso.com\"").get("/scim/v2/Users")
                .then().statusCode(200).body("Resources[0].groups.value", contains(id));
        scim(tenant.token()).queryParam("excludedAttributes", "groups").get("/scim/v2/Users/" + alice)
                .then().statusCode(200).body("$", not(hasKey("groups")));
        assertThat(data.members(teamId)).containsExactly(UUID.fromString(alice));
        scim(tenant.token()).queryParam("filter", "members eq \"" + alice + "\"").get("/scim/v2/Groups")
                .then().statusCode(200).body("totalResults", equalTo(1));

        // a user deleted through SCIM keeps its memberships, but cannot be added again: it is out of scope
        scim(tenant.token()).delete("/scim/v2/Users/" + alice).then().statusCode(204);
        assertThat(data.members(teamId)).containsExactly(UUID.fromString(alice));
        String other = createGroup(tenant.token(), "Others");
        patch(tenant.token(), other, "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + alice + "\"}]}]")
                .then().statusCode(400).body("scimType", equalTo("invalidValue")).body("detail", containsString(alice));
        assertThat(data.members(UUID.fromString(other))).isEmpty();

        // once the provider deletes its default team, new users no longer join it
        scim(tenant.token()).delete("/scim/v2/Groups/" + id).then().statusCode(204);
        assertThat(data.count("select count(*) from scim_providers where id = $1 and default_team_id is null", tenant.providerId()))
                .isEqualTo(1);
        String bob = createUser(tenant.token(), "bob@contoso.com", "Bob");
        assertThat(data.members(teamId)).containsExactly(UUID.fromString(alice));
        assertThat(data.count("select count(*) from team_members where user_id = $1", UUID.fromString(bob))).isZero();
    }

    @Test
    void unlinkedProductUsersCanBeAddedWithoutMultiScim() {
        UUID product = data.productUser(tenant.organizationId(), "pat@contoso.com", "Pat", "regular");
        String id = createGroup(tenant.token(), "Mixed");
        patch(tenant.token(), id, "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + product.toString().toUpperCase()
                + "\"}]}]").then().statusCode(204);
        assertThat(data.members(UUID.fromString(id))).containsExactly(product);
        // adding does not link the user: that is a write to the user
        assertThat(data.user(product).get("scim_provider_id")).isNull();
    }

    // ------------------------------------------------------------------ isolation

    @Test
    void anotherOrganizationsKeyNeverSeesOrChangesTheseGroups() {
        String alice = createUser(tenant.token(), "alice@contoso.com", "Alice");
        String id = scim(tenant.token()).body("{\"displayName\":\"Recruiters\",\"members\":[{\"value\":\"" + alice + "\"}]}")
                .post("/scim/v2/Groups").then().statusCode(201).extract().path("id");
        TestData.Tenant other = data.tenant("Fabrikam " + UUID.randomUUID(), false);
        assertIsolated(other.token(), id, alice, "Recruiters");
        // the other organization cannot add this organization's user to its own group
        String theirs = createGroup(other.token(), "Recruiters");
        patch(other.token(), theirs, "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + alice + "\"}]}]")
                .then().statusCode(400).body("detail", containsString(alice));
        assertThat(data.members(UUID.fromString(theirs))).isEmpty();
    }

    @Test
    void twoProvidersOfOneMultiScimOrganizationNeverSeeEachOthersGroups() {
        TestData.Tenant multi = data.tenant("Multi " + UUID.randomUUID(), true);
        UUID providerB = data.provider(multi.organizationId(), "Tenant B");
        String tokenB = data.providerKey(multi.organizationId(), providerB).token();

        // A's team with a user A owns
        String teamA = createGroup(multi.token(), "Recruiters");
        UUID product = data.productUser(multi.organizationId(), "alice@contoso.com", "Alice", "regular");
        data.member(UUID.fromString(teamA), product);
        String alice = scim(multi.token()).body(ScimApi.userBody("alice@contoso.com", "Alice")).post("/scim/v2/Users")
                .then().statusCode(201).extract().path("id");
        assertThat(alice).isEqualTo(product.toString());
        assertThat(data.user(product).get("scim_provider_id")).isEqualTo(multi.providerId());

        assertIsolated(tokenB, teamA, alice, "Recruiters");

        // B's own group of the same name is another team; A's user is outside B's scope
        String teamB = createGroup(tokenB, "Recruiters");
        assertThat(teamB).isNotEqualTo(teamA);
        patch(tokenB, teamB, "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + alice + "\"}]}]")
                .then().statusCode(400).body("scimType", equalTo("invalidValue")).body("detail", containsString(alice));
        // with multi-SCIM an unlinked user is B's only once it is in a team B manages
        UUID unlinked = data.productUser(multi.organizationId(), "bob@contoso.com", "Bob", "regular");
        patch(tokenB, teamB, "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + unlinked + "\"}]}]")
                .then().statusCode(400).body("detail", containsString(unlinked.toString()));
        data.member(UUID.fromString(teamB), unlinked);
        String teamB2 = createGroup(tokenB, "Second");
        patch(tokenB, teamB2, "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + unlinked + "\"}]}]")
                .then().statusCode(204);
        scim(multi.token()).get("/scim/v2/Groups").then().statusCode(200).body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(teamA));
        scim(tokenB).get("/scim/v2/Groups").then().statusCode(200).body("totalResults", equalTo(2));
        // B's provider base URL with B's key: still only B's groups; with A's key: 401
        scim(tokenB).get("/scim/v2/providers/" + providerB + "/Groups/" + teamA).then().statusCode(404);
        scim(multi.token()).get("/scim/v2/providers/" + providerB + "/Groups/" + teamB).then().statusCode(401);
    }

    /** Every endpoint, called with {@code token}, must treat group {@code id} as nonexistent and change nothing. */
    private void assertIsolated(String token, String id, String memberId, String displayName) {
        UUID teamId = UUID.fromString(id);
        Map<String, Object> before = data.teamRow(teamId);
        Set<UUID> membersBefore = data.members(teamId);
        scim(token).get("/scim/v2/Groups/" + id).then().statusCode(404).body("schemas", contains(ERROR))
                .body("status", equalTo("404"));
        scim(token).queryParam("excludedAttributes", "members").get("/scim/v2/Groups/" + id).then().statusCode(404);
        scim(token).get("/scim/v2/Groups").then().statusCode(200).body("totalResults", equalTo(0));
        for (String filter : List.of("displayName eq \"" + displayName + "\"", "id eq \"" + id + "\"",
                "members eq \"" + memberId + "\"", "id eq \"" + id + "\" and members eq \"" + memberId + "\"")) {
            scim(token).queryParam("filter", filter).get("/scim/v2/Groups").then().statusCode(200).body("totalResults", equalTo(0));
        }
        scim(token).body("{\"filter\":\"id eq \\\"" + id + "\\\"\"}").post("/scim/v2/Groups/.search")
                .then().statusCode(200).body("totalResults", equalTo(0));
        patch(token, id, "[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Hijacked\"}]").then().statusCode(404);
        patch(token, id, "[{\"op\":\"Remove\",\"path\":\"members\"}]").then().statusCode(404);
        scim(token).body("{\"displayName\":\"Hijacked\"}").put("/scim/v2/Groups/" + id).then().statusCode(404);
        scim(token).delete("/scim/v2/Groups/" + id).then().statusCode(404);
        assertThat(data.teamRow(teamId)).isEqualTo(before);
        assertThat(data.members(teamId)).isEqualTo(membersBefore);
    }

    // ------------------------------------------------------------------ scale

    @Test
    void aGroupWithOneHundredThousandMembersWorks() {
        String id = createGroup(tenant.token(), "Everyone at scale");
        UUID teamId = UUID.fromString(id);
        data.bulkProductUsers(tenant.organizationId(), "bulk", 100_000);
        data.exec("insert into team_members (team_id, user_id) select $1, id from users where organization_id = $2",
                teamId, tenant.organizationId());
        assertThat(data.count("select count(*) from team_members where team_id = $1", teamId)).isEqualTo(100_000);

        String newcomer = createUser(tenant.token(), "newcomer@contoso.com", "Newcomer");
        patch(tenant.token(), id, "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + newcomer + "\"}]}]")
                .then().statusCode(204);
        assertThat(data.count("select count(*) from team_members where team_id = $1", teamId)).isEqualTo(100_001);

        scim(tenant.token()).queryParam("excludedAttributes", "members").get("/scim/v2/Groups/" + id)
                .then().statusCode(200).body("id", equalTo(id)).body("$", not(hasKey("members")));
        scim(tenant.token()).queryParam("excludedAttributes", "members")
                .queryParam("filter", "displayName eq \"everyone at scale\"").get("/scim/v2/Groups")
                .then().statusCode(200).body("totalResults", equalTo(1)).body("Resources[0]", not(hasKey("members")));

        Response full = scim(tenant.token()).get("/scim/v2/Groups/" + id);
        full.then().statusCode(200);
        List<String> values = full.path("members.value");
        assertThat(values).hasSize(100_001).doesNotHaveDuplicates().contains(newcomer);
        List<String> sorted = new ArrayList<>(values);
        sorted.sort(null); // PostgreSQL orders uuids as unsigned bytes: the order of their lower-case text
        assertThat(values).isEqualTo(sorted);

        UUID leaver = data.query("select user_id from team_members where team_id = $1 and user_id <> $2 limit 1",
                teamId, UUID.fromString(newcomer)).iterator().next().getUUID(0);
        patch(tenant.token(), id, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + leaver + "\\\"]\"}]")
                .then().statusCode(204);
        assertThat(data.count("select count(*) from team_members where team_id = $1", teamId)).isEqualTo(100_000);
        assertThat(data.count("select count(*) from team_members where team_id = $1 and user_id = $2", teamId, leaver)).isZero();
        assertThat(lastDetail(teamId, "patch")).isEqualTo("members added: 0, removed: 1");
    }

    /**
     * With {@code team_members} locked against every reader, the reads Entra makes (all with
     * {@code excludedAttributes=members}), {@code attributes} without members and a rename still
     * answer: they never touch the membership table. A read that returns members waits for the lock.
     */
    @Test
    void readsWithoutMembersAndRenamesNeverTouchTheMembershipTable() {
        String alice = createUser(tenant.token(), "alice@contoso.com", "Alice");
        String id = scim(tenant.token()).body("{\"displayName\":\"Locked\",\"members\":[{\"value\":\"" + alice + "\"}]}")
                .post("/scim/v2/Groups").then().statusCode(201).extract().path("id");
        RestAssuredConfig patient = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", 5_000).setParam("http.connection.timeout", 5_000));
        SqlConnection locker = data.pool().getConnection().await().atMost(Duration.ofSeconds(20));
        Transaction transaction = locker.begin().await().atMost(Duration.ofSeconds(20));
        try {
            locker.query("lock table team_members in access exclusive mode").execute().await().atMost(Duration.ofSeconds(20));
            scim(tenant.token()).config(patient).queryParam("excludedAttributes", "members").get("/scim/v2/Groups/" + id)
                    .then().statusCode(200).body("$", not(hasKey("members")));
            scim(tenant.token()).config(patient).queryParam("attributes", "displayName,externalId").get("/scim/v2/Groups/" + id)
                    .then().statusCode(200).body("displayName", equalTo("Locked"));
            scim(tenant.token()).config(patient).queryParam("excludedAttributes", "members")
                    .queryParam("filter", "displayName eq \"locked\"").get("/scim/v2/Groups")
                    .then().statusCode(200).body("totalResults", equalTo(1)).body("Resources[0]", not(hasKey("members")));
            scim(tenant.token()).config(patient).body(patchBody("[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Unlocked\"}]"))
                    .patch("/scim/v2/Groups/" + id).then().statusCode(204);
            // the control: a read with members cannot answer while the table is locked
            RestAssuredConfig impatient = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.socket.timeout", 1_500));
            assertThatThrownBy(() -> scim(tenant.token()).config(impatient).get("/scim/v2/Groups/" + id))
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        } finally {
            transaction.rollback().await().atMost(Duration.ofSeconds(20));
            locker.close().await().atMost(Duration.ofSeconds(20));
        }
        scim(tenant.token()).get("/scim/v2/Groups/" + id).then().statusCode(200)
                .body("displayName", equalTo("Unlocked")).body("members.value", contains(alice));
    }

    // ------------------------------------------------------------------ helpers

    private Response lookUp(String token, String displayName) {
        return scim(token).queryParam("excludedAttributes", "members")
                .queryParam("filter", "displayName eq \"" + displayName + "\"").get("/scim/v2/Groups");
    }

    private String createGroup(String token, String displayName) {
        return scim(token).body("{\"schemas\":[\"" + GROUP_URN + "\"],\"displayName\":\"" + displayName + "\"}")
                .post("/scim/v2/Groups").then().statusCode(201).extract().path("id");
    }

    private String createUser(String token, String email, String displayName) {
        return ScimApi.createUser(token, email, displayName);
    }

    private static String patchBody(String operations) {
        return "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":" + operations + "}";
    }

    private Response patch(String token, String id, String operations) {
        return scim(token).body(patchBody(operations)).patch("/scim/v2/Groups/" + id);
    }

    private List<String> events(UUID resourceId, String operation) {
        List<String> outcomes = new ArrayList<>();
        data.query("select outcome from provisioning_events where resource_id = $1 and operation = $2 order by id",
                resourceId, operation).forEach(row -> outcomes.add(row.getString(0)));
        return outcomes;
    }

    private String lastDetail(UUID resourceId, String operation) {
        return data.query("select detail from provisioning_events where resource_id = $1 and operation = $2 and outcome = 'success'"
                + " order by id desc limit 1", resourceId, operation).iterator().next().getString(0);
    }
}
