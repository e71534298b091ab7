package dev.provisioning.user;

import static dev.provisioning.support.ScimApi.scim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.TenantTest;
import dev.provisioning.support.TestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The query engine over HTTP: grammar beyond Entra's eq/and, sorting, cursor paging, projection on writes. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class UserQueryTest extends TenantTest {

    @BeforeEach
    void sevenUsers() {
        String[][] people = {{"anna", "Zeta", "true", "Sales"}, {"bert", "Alpha", "false", "People"},
                {"cleo", "Mu", "true", "People"}, {"dan", "beta", "true", "Engineering"}, {"eve", "Omega", "true", "Sales"},
                {"fay", "Kappa", "false", "Engineering"}, {"gus", "Delta", "true", "Legal"}};
        for (String[] person : people) {
            scim(tenant.token()).body("{\"userName\":\"" + person[0] + "@contoso.com\",\"active\":" + person[2]
                            + ",\"name\":{\"familyName\":\"" + person[1] + "\"},\"emails\":[{\"type\":\"work\",\"value\":\"" + person[0]
                            + "@contoso.com\"},{\"type\":\"home\",\"value\":\"" + person[0] + "@home.example\"}],"
                            + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"department\":\"" + person[3] + "\"}}")
                    .post("/scim/v2/Users").then().statusCode(201);
        }
    }

    private List<String> userNames(String filter) {
        return scim(tenant.token()).queryParam("filter", filter).queryParam("sortBy", "userName")
                .get("/scim/v2/Users").then().statusCode(200).extract().path("Resources.userName");
    }

    @Test
    void fullGrammarRunsInTheDatabase() {
        assertThat(userNames("userName sw \"a\" or userName ew \"e@contoso.com\"")).containsExactly("anna@contoso.com", "eve@contoso.com");
        assertThat(userNames("active eq false")).containsExactly("bert@contoso.com", "fay@contoso.com");
        assertThat(userNames("not (active eq true) and name.familyName co \"app\"")).containsExactly("fay@contoso.com");
        assertThat(userNames("emails[type eq \"home\" and value co \"cleo\"]")).containsExactly("cleo@contoso.com");
        assertThat(userNames("emails[type eq \"work\" and value co \"@home\"]")).isEmpty();
        assertThat(userNames("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"people\""))
                .containsExactly("bert@contoso.com", "cleo@contoso.com");
        assertThat(userNames("name.familyName gt \"M\" and name.familyName lt \"p\"")).containsExactly("cleo@contoso.com", "eve@contoso.com");
        assertThat(userNames("meta.created gt \"2000-01-01T00:00:00Z\" and title pr")).isEmpty();
        assertThat(userNames("meta.lastModified ge \"2000-01-01T00:00:00Z\"")).hasSize(7);
        scim(tenant.token()).queryParam("filter", "active gt true").get("/scim/v2/Users")
                .then().statusCode(400).body("scimType", equalTo("invalidFilter"));
        scim(tenant.token()).queryParam("filter", "meta.created gt \"yesterday\"").get("/scim/v2/Users")
                .then().statusCode(400).body("scimType", equalTo("invalidFilter"));
    }

    @Test
    void sortsInEitherDirection() {
        List<String> ascending = scim(tenant.token()).queryParam("sortBy", "name.familyName").get("/scim/v2/Users")
                .then().statusCode(200).extract().path("Resources.name.familyName");
        assertThat(ascending).containsExactly("Alpha", "beta", "Delta", "Kappa", "Mu", "Omega", "Zeta");
        List<String> descending = scim(tenant.token()).queryParam("sortBy", "userName").queryParam("sortOrder", "descending")
                .get("/scim/v2/Users").then().statusCode(200).extract().path("Resources.userName");
        assertThat(descending.get(0)).isEqualTo("gus@contoso.com");
        scim(tenant.token()).queryParam("sortBy", "title").get("/scim/v2/Users").then().statusCode(400)
                .body("scimType", equalTo("invalidValue"));
        scim(tenant.token()).queryParam("sortBy", "userName").queryParam("sortOrder", "sideways").get("/scim/v2/Users")
                .then().statusCode(400).body("scimType", equalTo("invalidValue"));
    }

    @Test
    void cursorPagingWalksEveryUserOnce() {
        List<String> seen = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        while (cursor != null && pages < 10) {
            Response page = scim(tenant.token()).queryParam("cursor", cursor).queryParam("count", 3).get("/scim/v2/Users");
            page.then().statusCode(200).body("itemsPerPage", equalTo(pages < 2 ? 3 : 1));
            if (pages == 0) {
                page.then().body("totalResults", equalTo(7));
            }
            seen.addAll(page.path("Resources.id"));
            cursor = page.path("nextCursor");
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        scim(tenant.token()).queryParam("cursor", "garbage!").get("/scim/v2/Users").then().statusCode(400)
                .body("scimType", equalTo("invalidCursor"));
        scim(tenant.token()).get("/scim/v2/ServiceProviderConfig").then().body("pagination.cursor", equalTo(true));
    }

    @Test
    void legacyReferenceCheckAndProjectionOnWrites() {
        String manager = scim(tenant.token()).queryParam("filter", "userName eq \"anna@contoso.com\"").get("/scim/v2/Users")
                .then().extract().path("Resources[0].id");
        String id = scim(tenant.token()).queryParam("attributes", "userName")
                .body("{\"userName\":\"hal@contoso.com\",\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"manager\":\"" + manager + "\"}}")
                .post("/scim/v2/Users").then().statusCode(201)
                .body("userName", equalTo("hal@contoso.com")).body("$", not(hasKey("meta")))
                .body("$", not(hasKey("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")))
                .extract().path("id");
        scim(tenant.token()).queryParam("filter", "id eq \"" + id + "\" and manager eq \"" + manager + "\"")
                .queryParam("attributes", "id").get("/scim/v2/Users")
                .then().statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(id))
                .body("Resources[0].schemas", contains("urn:ietf:params:scim:schemas:core:2.0:User"))
                .body("Resources[0]", not(hasKey("userName")));
        scim(tenant.token()).queryParam("filter", "id eq \"" + id + "\" and manager eq \"" + UUID.randomUUID() + "\"")
                .queryParam("attributes", "id").get("/scim/v2/Users").then().statusCode(200).body("totalResults", equalTo(0));
        scim(tenant.token()).queryParam("excludedAttributes", "userName")
                .body("{\"Operations\":[{\"op\":\"add\",\"path\":\"title\",\"value\":\"Recruiter\"}]}")
                .patch("/scim/v2/Users/" + id).then().statusCode(200)
                .body("title", equalTo("Recruiter")).body("userName", nullValue()).body("id", equalTo(id));
        scim(tenant.token()).body("{\"filter\":\"userName eq \\\"hal@contoso.com\\\"\",\"attributes\":[\"userName\"]}")
                .post("/scim/v2/Users/.search").then().statusCode(200).body("totalResults", equalTo(1))
                .body("Resources[0].userName", equalTo("hal@contoso.com")).body("Resources[0]", not(hasKey("title")));
    }
}
