package dev.provisioning.user;

import static dev.provisioning.support.ScimApi.scim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.TenantTest;
import dev.provisioning.support.TestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * PATCH under concurrency (issue: atomic and concurrent-safe): parallel PATCHes of one user all
 * take effect — none is lost, none fails — because each write locks the row for its transaction.
 * Also the ETag / If-Match contract and that a no-op PATCH leaves meta.version alone.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class ConcurrentPatchTest extends TenantTest {
    private static final List<String> ATTRIBUTES = List.of("nickName", "title", "userType", "preferredLanguage", "locale",
            "timezone", "name.givenName", "name.familyName", "name.middleName", "name.honorificPrefix",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
            "displayName");


    @Test
    void parallelPatchesOfOneUserAllTakeEffect() throws Exception {
        String id = scim(tenant.token()).body("{\"userName\":\"race@contoso.com\",\"emails\":[{\"type\":\"work\",\"value\":\"race@contoso.com\"}]}")
                .post("/scim/v2/Users").then().statusCode(201).extract().path("id");
        ExecutorService pool = Executors.newFixedThreadPool(ATTRIBUTES.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (String attribute : ATTRIBUTES) {
            results.add(pool.submit(() -> {
                start.await();
                return scim(tenant.token())
                        .body("{\"Operations\":[{\"op\":\"Add\",\"path\":\"" + attribute + "\",\"value\":\"v-" + attribute + "\"}]}")
                        .patch("/scim/v2/Users/" + id).statusCode();
            }));
        }
        start.countDown();
        for (Future<Integer> result : results) {
            assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(200);
        }
        pool.shutdown();
        JsonNode stored = data.scimDocument(UUID.fromString(id));
        assertThat(stored.path("nickName").asText()).isEqualTo("v-nickName");
        assertThat(stored.path("name").path("givenName").asText()).isEqualTo("v-name.givenName");
        assertThat(stored.path("name").path("honorificPrefix").asText()).isEqualTo("v-name.honorificPrefix");
        assertThat(stored.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").path("costCenter").asText())
                .isEqualTo("v-urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter");
        assertThat(stored.path("displayName").asText()).isEqualTo("v-displayName");
        assertThat(data.user(UUID.fromString(id)).get("version")).isEqualTo(1L + ATTRIBUTES.size());
        assertThat(data.count("select count(*) from provisioning_events where resource_id = $1 and operation = 'patch'",
                UUID.fromString(id))).isEqualTo(ATTRIBUTES.size());
    }

    @Test
    void etagIfMatchAndNoOpPatch() {
        var created = scim(tenant.token()).body("{\"userName\":\"etag@contoso.com\",\"title\":\"Recruiter\"}").post("/scim/v2/Users");
        created.then().statusCode(201).header("ETag", equalTo("W/\"1\""));
        String id = created.path("id");
        String lastModified = created.path("meta.lastModified");

        // a PATCH that changes nothing writes nothing
        scim(tenant.token()).body("{\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Recruiter\"}]}")
                .patch("/scim/v2/Users/" + id)
                .then().statusCode(200).header("ETag", equalTo("W/\"1\""))
                .body("meta.version", equalTo("W/\"1\"")).body("meta.lastModified", equalTo(lastModified));
        // and so does an empty Operations array (the validator sends it)
        scim(tenant.token()).body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[]}")
                .patch("/scim/v2/Users/" + id).then().statusCode(200).body("meta.version", equalTo("W/\"1\""));

        scim(tenant.token()).header("If-Match", "W/\"1\"")
                .body("{\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Lead\"}]}")
                .patch("/scim/v2/Users/" + id).then().statusCode(200).header("ETag", equalTo("W/\"2\""))
                .body("title", equalTo("Lead"));
        scim(tenant.token()).header("If-Match", "W/\"1\"")
                .body("{\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Stale\"}]}")
                .patch("/scim/v2/Users/" + id).then().statusCode(412)
                .body("status", equalTo("412"));
        scim(tenant.token()).header("If-Match", "W/\"1\"").delete("/scim/v2/Users/" + id).then().statusCode(412);
        assertThat(data.scimDocument(UUID.fromString(id)).path("title").asText()).isEqualTo("Lead");
        assertThat(data.user(UUID.fromString(id)).get("active")).isEqualTo(true);
        scim(tenant.token()).header("If-Match", "*").delete("/scim/v2/Users/" + id).then().statusCode(204);
    }
}
