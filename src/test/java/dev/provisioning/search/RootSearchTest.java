package dev.provisioning.search;

import static dev.provisioning.support.ScimApi.ERROR;
import static dev.provisioning.support.ScimApi.LIST;
import static dev.provisioning.support.ScimApi.createGroup;
import static dev.provisioning.support.ScimApi.createUser;
import static dev.provisioning.support.ScimApi.scim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.provisioning.support.TestData;
import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.TenantTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Searching from the root (RFC 7644 §3.4.3; product.md §11): {@code POST /.search} and {@code GET /}
 * answer one ListResponse over the provider's Users, then its Groups, paged as one list.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class RootSearchTest extends TenantTest {
    private final List<String> users = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();

    @BeforeEach
    void threeUsersAndTwoGroups() {
        users.add(createUser(tenant.token(), "ada@contoso.com", "Recruiters"));
        users.add(createUser(tenant.token(), "bob@contoso.com", "Bob"));
        users.add(createUser(tenant.token(), "cy@contoso.com", "Cy"));
        groups.add(createGroup(tenant.token(), "Recruiters"));
        groups.add(createGroup(tenant.token(), "Hiring managers"));
        scim(tenant.token()).body("{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + users.get(1) + "\"}]}]}")
                .patch("/scim/v2/Groups/" + groups.get(1)).then().statusCode(204);
    }

    private JsonPath search(String body) {
        return scim(tenant.token()).body(body).post("/scim/v2/.search")
                .then().statusCode(200).contentType(startsWith("application/scim+json"))
                .body("schemas", contains(LIST)).extract().jsonPath();
    }

    @Test
    void pagesRunThroughTheUsersThenTheGroupsWithoutOverlapOrGap() {
        List<String> seen = new ArrayList<>();
        for (int start = 1; start <= 6; start += 2) {
            JsonPath page = search("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],\"startIndex\":"
                    + start + ",\"count\":2}");
            assertThat(page.getInt("totalResults")).isEqualTo(5);
            assertThat(page.getInt("startIndex")).isEqualTo(start);
            List<String> ids = page.getList("Resources.id");
            assertThat(page.getInt("itemsPerPage")).isEqualTo(ids.size());
            seen.addAll(ids);
        }
        List<String> expected = new ArrayList<>(users);
        expected.addAll(groups);
        assertThat(seen).containsExactlyElementsOf(expected);
        JsonPath middle = search("{\"startIndex\":3,\"count\":2}");
        assertThat(middle.getList("Resources.meta.resourceType")).containsExactly("User", "Group");
        JsonPath beyond = search("{\"startIndex\":9,\"count\":2}");
        assertThat(beyond.getInt("totalResults")).isEqualTo(5);
        assertThat(beyond.getList("Resources")).isEmpty();
        JsonPath counted = search("{\"count\":0}");
        assertThat(counted.getInt("totalResults")).isEqualTo(5);
        assertThat(counted.getInt("itemsPerPage")).isZero();
    }

    @Test
    void aFilterAppliesToEveryTypeThatHasItsAttributes() {
        // displayName: both types have it
        assertThat(search("{\"filter\":\"displayName eq \\\"recruiters\\\"\"}").getList("Resources.id"))
                .containsExactly(users.get(0), groups.get(0));
        // userName: Users only; members: Groups only
        assertThat(search("{\"filter\":\"userName eq \\\"BOB@contoso.com\\\"\"}").getList("Resources.id"))
                .containsExactly(users.get(1));
        assertThat(search("{\"filter\":\"members[value eq \\\"" + users.get(1) + "\\\"]\"}").getList("Resources.id"))
                .containsExactly(groups.get(1));
        // a condition on an attribute a type lacks is false for that type, and the rest of the filter still counts
        assertThat(search("{\"filter\":\"userName eq \\\"cy@contoso.com\\\" or displayName eq \\\"Hiring managers\\\"\"}")
                .getList("Resources.id")).containsExactly(users.get(2), groups.get(1));
        assertThat(search("{\"filter\":\"not (userName eq \\\"cy@contoso.com\\\")\"}").getList("Resources.id"))
                .containsExactly(users.get(0), users.get(1), groups.get(0), groups.get(1));
        assertThat(search("{\"filter\":\"userName pr and members pr\"}").getInt("totalResults")).isZero();
    }

    @Test
    void getOnTheBaseUrlAnswersTheSame() {
        scim(tenant.token()).queryParam("filter", "displayName sw \"Re\"").queryParam("attributes", "displayName")
                .get("/scim/v2")
                .then().statusCode(200).contentType(startsWith("application/scim+json"))
                .body("totalResults", equalTo(2))
                .body("Resources.id", contains(users.get(0), groups.get(0)))
                .body("Resources.displayName", contains("Recruiters", "Recruiters"))
                .body("Resources", everyItem(not(hasKey("userName"))))
                .body("Resources", everyItem(not(hasKey("meta"))));
    }

    @Test
    void attributesApplyToEachTypeByItsOwnSchema() {
        JsonPath page = search("{\"attributes\":[\"userName\",\"members\"],\"count\":10}");
        List<Map<String, Object>> resources = page.getList("Resources");
        assertThat(resources.get(0)).containsOnlyKeys("schemas", "id", "userName");
        assertThat(resources.get(3)).containsOnlyKeys("schemas", "id");
        assertThat(resources.get(4)).containsOnlyKeys("schemas", "id", "members");
        JsonPath excluded = search("{\"excludedAttributes\":\"members,emails\"}");
        List<Map<String, Object>> trimmed = excluded.getList("Resources");
        assertThat(trimmed).hasSize(5).allSatisfy(resource -> assertThat(resource).doesNotContainKeys("members", "emails"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"filter\":\"favouriteColour eq \\\"blue\\\"\"}", "{\"filter\":\"displayName eq\"}",
            "{\"filter\":\"active gt true\"}"})
    void aFilterNoTypeUnderstandsIsInvalidFilter(String body) {
        scim(tenant.token()).body(body).post("/scim/v2/.search")
                .then().statusCode(400).body("schemas", contains(ERROR)).body("scimType", equalTo("invalidFilter"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"sortBy\":\"displayName\"}", "{\"cursor\":\"\"}"})
    void sortingAndCursorsAcrossTypesAreRefused(String body) {
        scim(tenant.token()).body(body).post("/scim/v2/.search")
                .then().statusCode(400).body("scimType", equalTo("invalidValue"))
                .body("detail", startsWith(body.contains("sortBy") ? "sortBy is not supported" : "Cursor paging is not supported"));
    }

    @Test
    void anotherProviderSeesNoneOfTheseAtTheRoot() {
        UUID other = data.provider(tenant.organizationId(), "Other tenant");
        TestData.Key key = data.providerKey(tenant.organizationId(), other);
        createGroup(key.token(), "Recruiters");
        scim(key.token()).body("{}").post("/scim/v2/.search")
                .then().statusCode(200).body("totalResults", equalTo(1)).body("Resources.meta.resourceType", contains("Group"));
        scim(key.token()).body("{\"filter\":\"displayName eq \\\"Recruiters\\\"\"}")
                .post("/scim/v2/providers/" + other + "/.search")
                .then().statusCode(200).body("totalResults", equalTo(1)).body("Resources.id", not(containsInAnyOrder(groups.toArray())));
        // the first provider's key cannot use the other provider's base URL
        scim(tenant.token()).body("{}").post("/scim/v2/providers/" + other + "/.search").then().statusCode(401);
        TestData.Key noPermission = data.orgKey(tenant.organizationId(), List.of());
        scim(noPermission.token()).body("{}").post("/scim/v2/.search").then().statusCode(403);
        scim("nope").body("{}").post("/scim/v2/.search").then().statusCode(401).body("schemas", contains(ERROR));
    }
}
