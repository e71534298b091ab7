package dev.provisioning.admin;

import static dev.provisioning.support.AdminApi.admin;
import static dev.provisioning.support.AdminApi.orgAdmin;
import static dev.provisioning.support.AdminApi.platformAdmin;
import static dev.provisioning.support.ScimApi.scim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.TestData;
import dev.provisioning.user.UserDocument;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One organization, two Entra tenants (providers A and B), set up entirely through the admin API
 * and then driven over SCIM with interleaved calls: each provider sees and claims only its scope
 * (product.md §3.2), team assignment moves claimability, and the admin rules of §3.6 hold.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class MultiProviderFlowTest {
    private static final String WORK_EMAIL_FILTER = "emails[type eq \"work\"].value eq \"%s\"";

    String platform;
    String own;
    String base;
    TestData data;

    @Test
    void twoEntraTenantsProvisionOneOrganizationEachWithinItsTeams() {
        data = new TestData();
        platform = platformAdmin();
        String org = admin(platform).body("{\"name\":\"Contoso\",\"scimEnabled\":true}").post("/admin/organizations")
                .then().statusCode(201).body("scimEnabled", equalTo(true)).extract().path("id");
        own = orgAdmin(UUID.fromString(org));
        base = "/admin/organizations/" + org;

        // --- vendor staff switch multi-SCIM on; the customer adds two providers --------------------
        post("/scim-providers", "{\"name\":\"EU tenant\"}").then().statusCode(409).body("message", containsString("multi-SCIM"));
        admin(platform).body("{\"multiScimEnabled\":true}").patch(base).then().statusCode(200).body("multiScimEnabled", equalTo(true));
        String a = post("/scim-providers", "{\"name\":\"EU tenant\"}").then().statusCode(201).extract().path("id");
        String b = post("/scim-providers", "{\"name\":\"US tenant\"}").then().statusCode(201).extract().path("id");
        String keyA = post("/scim-providers/" + a + "/api-keys", "{\"name\":\"Entra EU\"}").then().statusCode(201).extract().path("token");
        String keyB = post("/scim-providers/" + b + "/api-keys", "{}").then().statusCode(201).extract().path("token");
        String scimA = "/scim/v2/providers/" + a;
        String scimB = "/scim/v2/providers/" + b;

        // --- teams managed by each, pre-existing product users in them ------------------------------
        String teamA = team("EU sales", a);
        String teamB = team("US sales", b);
        String alice = user("alice@contoso.com");
        String bob = user("bob@contoso.com");
        String carol = user("carol@contoso.com");
        String dave = user("dave@contoso.com");
        member(teamA, alice);
        member(teamB, bob);
        member(teamA, carol);
        member(teamB, carol);
        admin(own).body("{\"defaultTeamId\":\"" + teamA + "\"}").patch(base + "/scim-providers/" + a).then().statusCode(200);

        // carol is in a team of each provider: a conflict the admin API lists
        admin(own).get(base + "/conflicts").then().statusCode(200).body("$", hasSize(1))
                .body("[0].userId", equalTo(carol)).body("[0].email", equalTo("carol@contoso.com"))
                .body("[0].teams.teamId", containsInAnyOrder(teamA, teamB))
                .body("[0].teams.scimProviderId", containsInAnyOrder(a, b));

        // --- each provider sees only its scope (Entra's matching GET), interleaved ------------------
        assertFinds(keyA, scimA, "alice@contoso.com", alice);
        assertFinds(keyB, scimB, "alice@contoso.com", null);
        assertFinds(keyB, scimB, "bob@contoso.com", bob);
        assertFinds(keyA, scimA, "bob@contoso.com", null);
        assertFinds(keyA, scimA, "carol@contoso.com", null);
        assertFinds(keyB, scimB, "carol@contoso.com", null);
        assertFinds(keyA, scimA, "dave@contoso.com", null);
        scim(keyA).get(scimA + "/Users/" + bob).then().statusCode(404);
        scim(keyB).get(scimB + "/Users/" + alice).then().statusCode(404);
        scim(keyA).get(scimA + "/Users").then().statusCode(200).body("Resources.id", contains(alice));
        // a key acts only for its own provider's base URL
        scim(keyA).get(scimB + "/Users").then().statusCode(401);

        // --- claims: each provider claims only its own users; the 409s say what to do ---------------
        scim(keyA).body(entraUser("alice@contoso.com", "a-1")).post(scimA + "/Users").then().statusCode(201).body("id", equalTo(alice));
        scim(keyB).body(entraUser("alice@contoso.com", "b-1")).post(scimB + "/Users").then().statusCode(409)
                .body("scimType", equalTo("uniqueness")).body("detail", containsString("managed by another SCIM provider"));
        // B cannot touch A's user by id either
        scim(keyB).body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}").patch(scimB + "/Users/" + alice)
                .then().statusCode(404);
        scim(keyB).body(entraUser("alice@contoso.com", "b-1")).put(scimB + "/Users/" + alice).then().statusCode(404);
        scim(keyB).delete(scimB + "/Users/" + alice).then().statusCode(404);
        assertThat(data.user(UUID.fromString(alice)).get("scim_provider_id")).isEqualTo(UUID.fromString(a));
        assertThat(data.user(UUID.fromString(alice)).get("active")).isEqualTo(true);
        scim(keyB).body(entraUser("bob@contoso.com", "b-2")).post(scimB + "/Users").then().statusCode(201).body("id", equalTo(bob));
        scim(keyA).body(entraUser("carol@contoso.com", "a-3")).post(scimA + "/Users").then().statusCode(409)
                .body("detail", containsString("not in a team managed by this SCIM provider"));
        scim(keyB).body(entraUser("dave@contoso.com", "b-4")).post(scimB + "/Users").then().statusCode(409)
                .body("detail", containsString("not in a team managed by this SCIM provider"));
        String erin = scim(keyA).body(entraUser("erin@contoso.com", "a-5")).post(scimA + "/Users").then().statusCode(201)
                .extract().path("id");
        Map<String, Object> erinRow = data.user(UUID.fromString(erin));
        assertThat(erinRow.get("role")).isEqualTo("limited");
        assertThat(erinRow.get("scim_provider_id")).isEqualTo(UUID.fromString(a));
        admin(own).get(base + "/users/" + erin).then().statusCode(200).body("scimProviderId", equalTo(a))
                .body("teamIds", contains(teamA)).body("active", equalTo(true));
        admin(own).get(base + "/users/" + alice).then().body("scimProviderId", equalTo(a)).body("role", equalTo("regular"));

        // --- team assignment: refused while it would put A's users under B; moving a team moves claimability
        admin(own).body("{\"scimProviderId\":\"" + b + "\"}").put(base + "/teams/" + teamA + "/scim-provider").then().statusCode(409)
                .body("message", containsString("linked to another SCIM provider"))
                .body("conflicts.userId", containsInAnyOrder(alice, erin))
                .body("conflicts.linkedProviderId", everyItem(equalTo(a)))
                .body("conflicts.find { it.userId == '" + alice + "' }.email", equalTo("alice@contoso.com"));
        String teamC = team("Support", a);
        member(teamC, dave);
        assertFinds(keyA, scimA, "dave@contoso.com", dave);
        admin(own).body("{\"scimProviderId\":\"" + b + "\"}").put(base + "/teams/" + teamC + "/scim-provider").then().statusCode(200)
                .body("scimProviderId", equalTo(b));
        assertFinds(keyA, scimA, "dave@contoso.com", null);
        assertFinds(keyB, scimB, "dave@contoso.com", dave);
        scim(keyA).body(entraUser("dave@contoso.com", "a-4")).post(scimA + "/Users").then().statusCode(409);
        scim(keyB).body(entraUser("dave@contoso.com", "b-4")).post(scimB + "/Users").then().statusCode(201).body("id", equalTo(dave));
        // a linked user cannot be put into the other provider's team
        admin(own).put(base + "/teams/" + teamA + "/members/" + dave).then().statusCode(409)
                .body("conflicts[0].linkedProviderId", equalTo(b));

        // resolving carol's conflict makes her A's to claim
        admin(own).delete(base + "/teams/" + teamB + "/members/" + carol).then().statusCode(204);
        admin(own).get(base + "/conflicts").then().statusCode(200).body("$", hasSize(0));
        assertFinds(keyA, scimA, "carol@contoso.com", carol);
        assertFinds(keyB, scimB, "carol@contoso.com", null);

        // --- key rotation: a revoked key is refused at once; at most two live keys ------------------
        Response rotated = post("/scim-providers/" + a + "/api-keys", "{\"name\":\"Entra EU (rotated)\"}");
        String keyA2 = rotated.then().statusCode(201).extract().path("token");
        post("/scim-providers/" + a + "/api-keys", "{}").then().statusCode(409).body("message", containsString("revoke"));
        String keyA1Id = admin(own).get(base + "/scim-providers/" + a + "/api-keys").then().statusCode(200)
                .extract().path("find { it.name == 'Entra EU' }.id");
        scim(keyA).get(scimA + "/Users").then().statusCode(200);
        admin(own).delete(base + "/scim-providers/" + a + "/api-keys/" + keyA1Id).then().statusCode(204);
        scim(keyA).get(scimA + "/Users").then().statusCode(401);
        scim(keyA2).get(scimA + "/Users/" + alice).then().statusCode(200);

        // --- events: newest first, paged with next --------------------------------------------------
        Response page1 = admin(own).queryParam("limit", 2).get(base + "/scim-providers/" + b + "/events");
        page1.then().statusCode(200).body("items", hasSize(2)).body("next", notNullValue())
                .body("items[0].operation", equalTo("claim")).body("items[0].resourceId", equalTo(dave))
                .body("items[0].resourceType", equalTo("User")).body("items[0].outcome", equalTo("success"))
                .body("items[0].status", equalTo(201)).body("items[0].time", notNullValue())
                .body("items[0].attributes", hasItem("emails"))
                .body("items[1].outcome", equalTo("failure")).body("items[1].status", equalTo(409))
                .body("items[1].detail", containsString("not in a team"));
        List<String> seen = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        Object before = null;
        do {
            var request = admin(own).queryParam("limit", 2);
            if (before != null) {
                request = request.queryParam("before", before);
            }
            Response page = request.get(base + "/scim-providers/" + b + "/events");
            page.then().statusCode(200);
            for (Map<String, Object> item : page.jsonPath().<Map<String, Object>>getList("items")) {
                seen.add(item.get("operation") + " " + item.get("status"));
                ids.add(((Number) item.get("id")).longValue());
            }
            before = page.jsonPath().get("next");
        } while (before != null);
        assertThat(seen).containsExactly("claim 201", "create 409", "claim 201", "delete 404", "replace 404", "patch 404",
                "create 409");
        assertThat(ids).isSortedAccordingTo(java.util.Comparator.reverseOrder()).doesNotHaveDuplicates();
        admin(own).queryParam("limit", 500).get(base + "/scim-providers/" + b + "/events").then().statusCode(400)
                .body("field", equalTo("limit"));

        // --- deleting provider A: keys revoked, users unlinked keeping active, teams unmanaged ------
        scim(keyA2).body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}").patch(scimA + "/Users/" + erin)
                .then().statusCode(200).body("active", equalTo(false));
        admin(own).delete(base + "/scim-providers/" + a).then().statusCode(204);
        scim(keyA2).get(scimA + "/Users").then().statusCode(401);
        admin(own).get(base + "/users/" + erin).then().statusCode(200).body("scimProviderId", nullValue()).body("active", equalTo(false));
        admin(own).get(base + "/users/" + alice).then().statusCode(200).body("scimProviderId", nullValue()).body("active", equalTo(true));
        Map<String, Object> aliceRow = data.user(UUID.fromString(alice));
        assertThat(aliceRow.get("user_name")).isEqualTo("alice@contoso.com");
        assertThat(aliceRow.get("external_id")).isNull();
        assertThat(data.scimDocument(UUID.fromString(alice))).isEqualTo(UserDocument.forProductUser("alice@contoso.com", "Entra alice@contoso.com", true));
        assertThat(data.scimDocument(UUID.fromString(erin))).isEqualTo(UserDocument.forProductUser("erin@contoso.com", "Entra erin@contoso.com", false));
        admin(own).get(base + "/teams").then().statusCode(200)
                .body("find { it.id == '" + teamA + "' }.scimProviderId", nullValue())
                .body("find { it.id == '" + teamC + "' }.scimProviderId", equalTo(b));
        // B's view did not change
        assertFinds(keyB, scimB, "bob@contoso.com", bob);
        assertFinds(keyB, scimB, "alice@contoso.com", null);

        // --- SCIM switched off: 403 on SCIM; on again: works --------------------------------------
        admin(platform).body("{\"scimEnabled\":false}").patch(base).then().statusCode(200).body("scimEnabled", equalTo(false));
        scim(keyB).get(scimB + "/Users").then().statusCode(403).body("detail", containsString("not enabled"));
        admin(platform).body("{\"scimEnabled\":true}").patch(base).then().statusCode(200);
        scim(keyB).get(scimB + "/Users/" + bob).then().statusCode(200);

        // --- multi-SCIM off is refused while B exists; after B goes, the default provider sees every unlinked user
        admin(platform).body("{\"multiScimEnabled\":false}").patch(base).then().statusCode(409)
                .body("message", containsString("delete them first")).body("providers.id", contains(b));
        admin(own).delete(base + "/scim-providers/" + b).then().statusCode(204);
        admin(platform).body("{\"multiScimEnabled\":false}").patch(base).then().statusCode(200);
        String orgKey = post("/api-keys", "{\"name\":\"Entra (single tenant)\",\"permissions\":[\"manage_users\"]}").then()
                .statusCode(201).extract().path("token");
        assertFinds(orgKey, "/scim/v2", "bob@contoso.com", bob);
        assertFinds(orgKey, "/scim/v2", "alice@contoso.com", alice);
        // the default provider's own base URL, as its admin page shows it, works with the organization key
        String defaultBase = admin(own).get(base + "/scim-providers").then().statusCode(200).body("$", hasSize(1))
                .body("[0].default", equalTo(true)).extract().path("[0].scimBaseUrl");
        assertThat(defaultBase).startsWith("http").contains("/scim/v2/providers/");
        assertFinds(orgKey, defaultBase.substring(defaultBase.indexOf("/scim/v2")), "carol@contoso.com", carol);
    }

    private Response post(String path, String body) {
        return admin(own).body(body).post(base + path);
    }

    private String team(String name, String provider) {
        String id = post("/teams", "{\"name\":\"" + name + "\"}").then().statusCode(201).extract().path("id");
        admin(own).body("{\"scimProviderId\":\"" + provider + "\"}").put(base + "/teams/" + id + "/scim-provider").then().statusCode(200);
        return id;
    }

    private String user(String email) {
        return post("/users", "{\"email\":\"" + email + "\"}").then().statusCode(201).body("scimProviderId", nullValue())
                .extract().path("id");
    }

    private void member(String team, String user) {
        admin(own).put(base + "/teams/" + team + "/members/" + user).then().statusCode(204);
    }

    private static void assertFinds(String token, String scimBase, String email, String expectedId) {
        var response = scim(token).queryParam("filter", String.format(WORK_EMAIL_FILTER, email)).get(scimBase + "/Users").then()
                .statusCode(200);
        if (expectedId == null) {
            response.body("totalResults", equalTo(0));
        } else {
            response.body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(expectedId));
        }
    }

    private static String entraUser(String email, String externalId) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"%s","userName":"%s","active":true,
                 "displayName":"%s","emails":[{"primary":true,"type":"work","value":"%s"}],"name":{"givenName":"G","familyName":"F"}}"""
                .formatted(externalId, email, "Entra " + email, email);
    }
}
