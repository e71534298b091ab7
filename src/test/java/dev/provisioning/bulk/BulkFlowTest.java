package dev.provisioning.bulk;

import static dev.provisioning.support.ScimApi.ERROR;
import static dev.provisioning.support.ScimApi.createGroup;
import static dev.provisioning.support.ScimApi.createUser;
import static dev.provisioning.support.ScimApi.scim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioning.support.TestData;
import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.TenantTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /Bulk} (RFC 7644 §3.7; product.md §11): limits advertised and enforced, bulkId
 * references (in group members too), failOnErrors, per-operation status/location/response, and every
 * operation under exactly the rules of its single request (claim, scope, uniqueness, ETags).
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class BulkFlowTest extends TenantTest {
    private static final String BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

    private static String bulk(String operations) {
        return "{\"schemas\":[\"" + BULK + "\"],\"Operations\":[" + operations.replace('\'', '"') + "]}";
    }

    private JsonPath post(String token, String body) {
        return scim(token).body(body).post("/scim/v2/Bulk")
                .then().statusCode(200).contentType(startsWith("application/scim+json"))
                .body("schemas", contains("urn:ietf:params:scim:api:messages:2.0:BulkResponse"))
                .extract().jsonPath();
    }

    private static String idOf(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Test
    void serviceProviderConfigAdvertisesTheLimits() {
        scim(tenant.token()).get("/scim/v2/ServiceProviderConfig").then().statusCode(200)
                .body("bulk.supported", equalTo(true))
                .body("bulk.maxOperations", equalTo(1000))
                .body("bulk.maxPayloadSize", equalTo(1048576));
    }

    @Test
    void createsUsersAndAGroupWhoseMembersAreBulkIdsEvenOnesDefinedLater() {
        JsonPath response = post(tenant.token(), bulk("""
                {'method':'POST','path':'/Groups','bulkId':'team','data':{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],
                   'displayName':'Recruiters','members':[{'type':'User','value':'bulkId:ada'}]}},
                {'method':'POST','path':'/Users','bulkId':'ada','data':{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],
                   'userName':'ada@contoso.com','emails':[{'type':'work','value':'ada@contoso.com'}]}},
                {'method':'POST','path':'/Users','bulkId':'bob','data':{'userName':'bob@contoso.com',
                   'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':{'value':'bulkId:ada'}}}},
                {'method':'PATCH','path':'/Groups/bulkId:team','data':{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
                   'Operations':[{'op':'add','path':'members','value':[{'value':'bulkId:bob'}]}]}}"""));
        List<Map<String, Object>> results = response.getList("Operations");
        // the group waits for the user it names; the rest keeps request order
        assertThat(results).extracting(result -> result.get("bulkId")).containsExactly("ada", "team", "bob", null);
        assertThat(results).extracting(result -> result.get("status")).containsExactly("201", "201", "201", "204");
        assertThat(results).extracting(result -> result.get("method")).containsExactly("POST", "POST", "POST", "PATCH");
        String base = "http://localhost:" + io.restassured.RestAssured.port + "/scim/v2";
        String ada = idOf((String) results.get(0).get("location"));
        String team = idOf((String) results.get(1).get("location"));
        String bob = idOf((String) results.get(2).get("location"));
        assertThat(results.get(0).get("location")).isEqualTo(base + "/Users/" + ada);
        assertThat(results.get(1).get("location")).isEqualTo(base + "/Groups/" + team);
        assertThat(results.get(3).get("location")).isEqualTo(base + "/Groups/" + team);
        assertThat(results.get(0).get("version")).isEqualTo("W/\"1\"");
        assertThat(results).allSatisfy(result -> assertThat(result).doesNotContainKey("response"));
        // stored exactly as the single requests would have stored it
        assertThat(data.members(UUID.fromString(team))).containsExactlyInAnyOrder(UUID.fromString(ada), UUID.fromString(bob));
        Map<String, Object> stored = data.user(UUID.fromString(bob));
        assertThat(stored.get("scim_provider_id")).isEqualTo(tenant.providerId());
        assertThat(stored.get("role")).isEqualTo("limited");
        assertThat(((JsonNode) stored.get("scim")).at("/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/value").asText())
                .isEqualTo(ada);
        assertThat(data.count("select count(*) from provisioning_events where scim_provider_id = $1 and outcome = 'success'",
                tenant.providerId())).isEqualTo(4);
        scim(tenant.token()).get("/scim/v2/Users/" + bob).then().statusCode(200)
                .body("'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'.manager.value", equalTo(ada));
    }

    @Test
    void eachOperationFollowsTheRulesOfItsSingleRequest() {
        UUID existing = data.productUser(tenant.organizationId(), "kim@contoso.com", "Kim", "admin");
        String taken = createUser(tenant.token(), "lee@contoso.com", "Lee");
        String group = createGroup(tenant.token(), "Sales");
        JsonPath response = post(tenant.token(), bulk("""
                {'method':'POST','path':'/Users','bulkId':'kim','data':{'userName':'KIM@contoso.com','emails':[{'type':'work','value':' Kim@Contoso.com '}]}},
                {'method':'POST','path':'/Users','bulkId':'lee','data':{'userName':'lee2@contoso.com','emails':[{'type':'work','value':'lee@contoso.com'}]}},
                {'method':'POST','path':'/Groups','bulkId':'sales','data':{'displayName':'SALES'}},
                {'method':'PATCH','path':'/Groups/%s','data':{'Operations':[{'op':'add','path':'members','value':[{'value':'%s'}]}]}},
                {'method':'PUT','path':'/Users/%s','version':'W/\\"9\\"','data':{'userName':'lee@contoso.com'}},
                {'method':'DELETE','path':'/Users/%s'},
                {'method':'PATCH','path':'/Groups/%s','data':{'Operations':[{'op':'replace','value':{'id':'%s','displayName':'Sales EMEA'}}]}}"""
                .formatted(group, UUID.randomUUID(), taken, UUID.randomUUID(), group, group)));
        List<Map<String, Object>> results = response.getList("Operations");
        assertThat(results).extracting(result -> result.get("status"))
                .containsExactly("201", "409", "409", "400", "412", "404", "204");
        // claimed: the existing account's id, its role kept, linked to the provider (product.md §3.3)
        assertThat(idOf((String) results.get(0).get("location"))).isEqualTo(existing.toString());
        assertThat(data.user(existing).get("role")).isEqualTo("admin");
        assertThat(data.user(existing).get("scim_provider_id")).isEqualTo(tenant.providerId());
        // failures carry a SCIM error body, POST failures no location
        Map<String, Object> duplicate = results.get(1);
        assertThat(duplicate).doesNotContainKey("location");
        assertThat((Map<String, Object>) duplicate.get("response")).containsEntry("schemas", List.of(ERROR))
                .containsEntry("status", "409").containsEntry("scimType", "uniqueness");
        assertThat(((Map<String, Object>) results.get(3).get("response")).get("scimType")).isEqualTo("invalidValue");
        assertThat(results.get(4).get("location")).asString().endsWith("/Users/" + taken);
        assertThat(((Map<String, Object>) results.get(4).get("response")).get("status")).isEqualTo("412");
        assertThat(data.teamRow(UUID.fromString(group)).get("name")).isEqualTo("Sales EMEA");
        assertThat(data.members(UUID.fromString(group))).isEmpty();
        assertThat(data.count("select count(*) from users where organization_id = $1", tenant.organizationId())).isEqualTo(2);
        assertThat(data.count("select count(*) from provisioning_events where scim_provider_id = $1 and outcome = 'failure'",
                tenant.providerId())).isEqualTo(5);
    }

    @Test
    void failOnErrorsStopsAfterThatManyFailures() {
        String taken = createUser(tenant.token(), "lee@contoso.com", "Lee");
        JsonPath response = post(tenant.token(), """
                {"failOnErrors": 2, "Operations": [
                 {"method":"POST","path":"/Users","bulkId":"a","data":{"userName":"lee@contoso.com"}},
                 {"method":"POST","path":"/Users","bulkId":"b","data":{"userName":"b@contoso.com"}},
                 {"method":"DELETE","path":"/Users/%s"},
                 {"method":"POST","path":"/Users","bulkId":"c","data":{"userName":"c@contoso.com"}}]}""".formatted(UUID.randomUUID()));
        assertThat(response.getList("Operations.status")).containsExactly("409", "201", "404");
        assertThat(data.count("select count(*) from users where organization_id = $1 and user_name = 'c@contoso.com'",
                tenant.organizationId())).isZero();
        // without failOnErrors every operation runs
        JsonPath all = post(tenant.token(), bulk("""
                {'method':'POST','path':'/Users','bulkId':'x','data':{'userName':'lee@contoso.com'}},
                {'method':'DELETE','path':'/Users/%s'},
                {'method':'POST','path':'/Users','bulkId':'d','data':{'userName':'d@contoso.com'}}""".formatted(UUID.randomUUID())));
        assertThat(all.getList("Operations.status")).containsExactly("409", "404", "201");
        assertThat(taken).isNotNull();
    }

    @Test
    void aCircleFailsInItsPlaceSoFailOnErrorsStopsBeforeTheOperationsAfterIt() {
        String manager = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        JsonPath response = post(tenant.token(), """
                {"failOnErrors": 1, "Operations": [
                 {"method":"POST","path":"/Users","bulkId":"u1","data":{"userName":"u1@contoso.com","%1$s":{"manager":{"value":"bulkId:u2"}}}},
                 {"method":"POST","path":"/Users","bulkId":"u2","data":{"userName":"u2@contoso.com","%1$s":{"manager":{"value":"bulkId:u1"}}}},
                 {"method":"POST","path":"/Users","bulkId":"later","data":{"userName":"later@contoso.com"}}]}""".formatted(manager));
        // RFC 7644 §3.7.3: the first failure reaches failOnErrors, nothing after it runs
        List<Map<String, Object>> results = response.getList("Operations");
        assertThat(results).hasSize(1);
        assertThat(results.get(0)).containsOnlyKeys("method", "bulkId", "status", "response")
                .containsEntry("method", "POST").containsEntry("bulkId", "u1").containsEntry("status", "409");
        assertThat((Map<String, Object>) results.get(0).get("response")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "schemas", List.of(ERROR), "status", "409",
                "detail", "Operations[0] is part of, or waits on, a circle of bulkId references (RFC 7644 §3.7.1)"
                        + " and was not carried out; nothing was changed"));
        assertThat(data.count("select count(*) from users where organization_id = $1", tenant.organizationId())).isZero();
        // without failOnErrors the circle still fails where it stands and the independent POST runs after it
        JsonPath all = post(tenant.token(), bulk("""
                {'method':'POST','path':'/Users','bulkId':'u1','data':{'userName':'u1@contoso.com','%1$s':{'manager':{'value':'bulkId:u2'}}}},
                {'method':'POST','path':'/Users','bulkId':'u2','data':{'userName':'u2@contoso.com','%1$s':{'manager':{'value':'bulkId:u1'}}}},
                {'method':'POST','path':'/Users','bulkId':'later','data':{'userName':'later@contoso.com'}}""".formatted(manager)));
        assertThat(all.getList("Operations.bulkId")).containsExactly("u1", "u2", "later");
        assertThat(all.getList("Operations.status")).containsExactly("409", "409", "201");
        assertThat(data.count("select count(*) from users where organization_id = $1", tenant.organizationId())).isEqualTo(1);
        assertThat(data.count("select count(*) from users where organization_id = $1 and user_name = 'later@contoso.com'",
                tenant.organizationId())).isEqualTo(1);
    }

    @Test
    void unresolvableReferencesFailWith409AndChangeNothing() {
        JsonPath response = post(tenant.token(), bulk("""
                {'method':'POST','path':'/Users','bulkId':'bad','data':{'userName':''}},
                {'method':'POST','path':'/Groups','bulkId':'g','data':{'displayName':'G','members':[{'value':'bulkId:bad'}]}},
                {'method':'PATCH','path':'/Users/bulkId:nobody','data':{'Operations':[{'op':'replace','path':'title','value':'x'}]}},
                {'method':'POST','path':'/Users','bulkId':'u1','data':{'userName':'u1@contoso.com','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':'bulkId:u2'}}},
                {'method':'POST','path':'/Users','bulkId':'u2','data':{'userName':'u2@contoso.com','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':'bulkId:u1'}}}"""));
        List<Map<String, Object>> results = response.getList("Operations");
        assertThat(results).extracting(result -> result.get("status")).containsExactly("400", "409", "409", "409", "409");
        assertThat(((Map<String, Object>) results.get(1).get("response")).get("detail")).asString()
                .contains("bulkId 'bad'").contains("failed");
        assertThat(((Map<String, Object>) results.get(2).get("response")).get("detail")).asString()
                .contains("bulkId 'nobody'").contains("no POST");
        assertThat(((Map<String, Object>) results.get(3).get("response")).get("detail")).asString().contains("circle");
        assertThat(data.count("select count(*) from teams where organization_id = $1", tenant.organizationId())).isZero();
        assertThat(data.count("select count(*) from users where organization_id = $1", tenant.organizationId())).isZero();
    }

    @Test
    void aPostWithoutBulkIdIsThatOperations400AndCreatesNothing() {
        String kim = createUser(tenant.token(), "kim@contoso.com", "Kim");
        JsonPath response = post(tenant.token(), bulk("""
                {'method':'POST','path':'/Users','data':{'userName':'nobulkid@contoso.com'}},
                {'method':'POST','path':'/Users','bulkId':'ok','data':{'userName':'ok@contoso.com'}},
                {'method':'PATCH','path':'/Users/%s','data':{'Operations':[{'op':'replace','path':'title','value':'Lead'}]}}"""
                .formatted(kim)));
        List<Map<String, Object>> results = response.getList("Operations");
        assertThat(results).extracting(result -> result.get("status")).containsExactly("400", "201", "200");
        // RFC 7644 §3.7: bulkId is REQUIRED when method is POST
        assertThat(results.get(0)).containsOnlyKeys("method", "status", "response").containsEntry("method", "POST");
        assertThat((Map<String, Object>) results.get(0).get("response")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "schemas", List.of(ERROR), "status", "400", "scimType", "invalidSyntax",
                "detail", "Operations[0]: bulkId is required for a POST (RFC 7644 §3.7); nothing was created"));
        assertThat(data.count("select count(*) from users where organization_id = $1 and user_name = 'nobulkid@contoso.com'",
                tenant.organizationId())).isZero();
        assertThat(data.count("select count(*) from users where organization_id = $1 and user_name = 'ok@contoso.com'",
                tenant.organizationId())).isEqualTo(1);
        assertThat(((JsonNode) data.user(UUID.fromString(kim)).get("scim")).path("title").asText()).isEqualTo("Lead");
    }

    @Test
    void malformedRequestsAndOperations() {
        scim(tenant.token()).body("{not json").post("/scim/v2/Bulk").then().statusCode(400)
                .body("schemas", contains(ERROR)).body("scimType", equalTo("invalidSyntax"));
        scim(tenant.token()).body("{\"failOnErrors\":0,\"Operations\":[]}").post("/scim/v2/Bulk").then().statusCode(400)
                .body("scimType", equalTo("invalidValue"));
        JsonPath response = post(tenant.token(), bulk("""
                {'method':'GET','path':'/Users'},
                {'method':'POST','path':'/Users/123','bulkId':'x','data':{'userName':'x@contoso.com'}},
                {'method':'PUT','path':'/Devices/1','data':{}},
                {'method':'DELETE','path':'/Users/not-a-uuid'}"""));
        assertThat(response.getList("Operations.status")).containsExactly("400", "400", "400", "404");
        assertThat(response.getList("Operations.response.scimType")).containsExactly("invalidValue", "invalidValue", "invalidValue", null);
        assertThat(response.getList("Operations.method")).containsExactly(null, "POST", "PUT", "DELETE");
        assertThat((Object) response.get("Operations[3].location")).asString().endsWith("/Users/not-a-uuid");
    }

    @Test
    void aboveTheLimitsIs413WithAScimError() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append("{'method':'DELETE','path':'/Users/x").append(i).append("'}");
        }
        scim(tenant.token()).body(bulk(many.toString())).post("/scim/v2/Bulk").then().statusCode(413)
                .contentType(startsWith("application/scim+json"))
                .body("schemas", contains(ERROR)).body("status", equalTo("413")).body("detail", startsWith("The bulk request has 1001 operations"));
        String big = "x".repeat(1_048_576);
        scim(tenant.token()).body(bulk("{'method':'POST','path':'/Users','bulkId':'a','data':{'userName':'" + big + "'}}"))
                .post("/scim/v2/Bulk").then().statusCode(413).body("schemas", contains(ERROR));
        assertThat(data.count("select count(*) from users where organization_id = $1", tenant.organizationId())).isZero();
    }

    @Test
    void aProviderActsOnlyWithinItsScopeAndAtItsOwnBaseUrl() {
        String mine = createUser(tenant.token(), "ada@contoso.com", "Ada");
        UUID other = data.provider(tenant.organizationId(), "Other tenant");
        TestData.Key key = data.providerKey(tenant.organizationId(), other);
        JsonPath response = scim(key.token()).body(bulk("""
                {'method':'PATCH','path':'/Users/%s','data':{'Operations':[{'op':'replace','path':'title','value':'x'}]}},
                {'method':'POST','path':'/Groups','bulkId':'g','data':{'displayName':'G','members':[{'value':'%s'}]}},
                {'method':'POST','path':'/Users','bulkId':'u','data':{'userName':'u@contoso.com'}}""".formatted(mine, mine)))
                .post("/scim/v2/providers/" + other + "/Bulk")
                .then().statusCode(200).extract().jsonPath();
        assertThat(response.getList("Operations.status")).containsExactly("404", "400", "201");
        assertThat((Object) response.get("Operations[2].location")).asString()
                .startsWith("http://localhost:" + io.restassured.RestAssured.port + "/scim/v2/providers/" + other + "/Users/");
        assertThat(((JsonNode) data.user(UUID.fromString(mine)).get("scim")).has("title")).isFalse();
        scim(tenant.token()).body(bulk("")).post("/scim/v2/providers/" + other + "/Bulk").then().statusCode(401);
        scim("nope").body(bulk("")).post("/scim/v2/Bulk").then().statusCode(401).body("schemas", contains(ERROR));
        post(tenant.token(), bulk("")).getList("Operations");
        scim(tenant.token()).body(bulk("")).post("/scim/v2/Bulk").then().body("Operations", org.hamcrest.Matchers.empty())
                .body("$", not(hasKey("failOnErrors")));
    }
}
