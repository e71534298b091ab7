package dev.provisioning.web;

import static dev.provisioning.support.ScimApi.ERROR;
import static dev.provisioning.support.ScimApi.scim;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.provisioning.support.AdminApi;
import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.TenantTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Arrays;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every 405 names the methods the path does accept in {@code Allow} (RFC 9110 §15.5.6; a generic
 * SCIM test suite flagged a 405 without it), with a SCIM error body under {@code /scim} and the admin
 * error body under {@code /admin}. The header lists exactly the methods that do not answer 405.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class MethodNotAllowedTest extends TenantTest {
    private static final String ID = "00000000-0000-0000-0000-000000000000";

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            DELETE | /Users                  | GET HEAD OPTIONS POST
            PUT    | /Users                  | GET HEAD OPTIONS POST
            PATCH  | /Groups                 | GET HEAD OPTIONS POST
            POST   | /Users/%s               | DELETE GET HEAD OPTIONS PATCH PUT
            POST   | /Groups/%s              | DELETE GET HEAD OPTIONS PATCH PUT
            PUT    | /ServiceProviderConfig  | GET HEAD OPTIONS
            DELETE | /Schemas                | GET HEAD OPTIONS
            POST   | /Schemas/urn:x          | GET HEAD OPTIONS
            POST   | /ResourceTypes/User     | GET HEAD OPTIONS
            DELETE | /Me                     | GET HEAD OPTIONS
            GET    | /Bulk                   | OPTIONS POST
            GET    | /.search                | OPTIONS POST
            DELETE | ''                      | GET HEAD OPTIONS
            """)
    void scimAnswersNameTheAllowedMethods(String method, String path, String allowed) {
        String full = "/scim/v2" + path.formatted(ID);
        scim(tenant.token()).body("{}").request(method, full)
                .then().statusCode(405)
                .contentType(startsWith("application/scim+json"))
                .header("Allow", header -> new TreeSet<>(Arrays.asList(header.split("\\s*,\\s*"))).toString(),
                        equalTo(new TreeSet<>(Arrays.asList(allowed.split(" "))).toString()))
                .body("schemas", contains(ERROR))
                .body("status", equalTo("405"));
        // each method in Allow really is routed (not 405), each one outside it really is 405
        for (String other : new String[] {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
            int status = scim(tenant.token()).body("{}").request(other, full).statusCode();
            if (Arrays.asList(allowed.split(" ")).contains(other)) {
                org.assertj.core.api.Assertions.assertThat(status).as(other + " " + full).isNotEqualTo(405);
            } else {
                org.assertj.core.api.Assertions.assertThat(status).as(other + " " + full).isEqualTo(405);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            PUT    | /ServiceProviderConfig | GET HEAD OPTIONS
            DELETE | /Users                 | GET HEAD OPTIONS POST
            """)
    void aProvidersOwnBaseUrlAnswersTheSame(String method, String path, String allowed) {
        scim(tenant.token()).body("{}").request(method, "/scim/v2/providers/" + tenant.providerId() + path)
                .then().statusCode(405)
                .header("Allow", header -> new TreeSet<>(Arrays.asList(header.split("\\s*,\\s*"))).toString(),
                        equalTo(new TreeSet<>(Arrays.asList(allowed.split(" "))).toString()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            PUT    | /admin/organizations    | GET HEAD OPTIONS POST
            DELETE | /admin/organizations/%s | GET HEAD OPTIONS PATCH
            PUT    | /admin/organizations/%s/scim-providers/%s/oauth-clients/%s | DELETE OPTIONS
            PATCH  | /admin/organizations/%s/scim-providers/%s/oauth-clients    | GET HEAD OPTIONS POST
            DELETE | /admin/organizations/%s/users/%s                          | GET HEAD OPTIONS
            """)
    void adminAnswersNameTheAllowedMethodsToo(String method, String path, String allowed) {
        AdminApi.admin(AdminApi.platformAdmin()).body("{}")
                .request(method, path.formatted(tenant.organizationId(), tenant.providerId(), ID))
                .then().statusCode(405)
                .contentType(startsWith("application/json"))
                .header("Allow", header -> new TreeSet<>(Arrays.asList(header.split("\\s*,\\s*"))).toString(),
                        equalTo(new TreeSet<>(Arrays.asList(allowed.split(" "))).toString()))
                .body("message", startsWith("Method " + method + " is not allowed"));
    }

    /** 405 is for a path some route serves; one that no route serves stays 404, whatever the method. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            PUT    | /admin/organizations/%s/scim-providers/%s/oauth-clients/%s/secret
            GET    | /admin/organizations/%s/nothing
            DELETE | /oauth/token/%s
            """)
    void aPathNoRouteServesIsStill404(String method, String path) {
        String full = path.formatted(tenant.organizationId(), tenant.providerId(), ID);
        AdminApi.admin(AdminApi.platformAdmin()).body("{}").request(method, full)
                .then().statusCode(404)
                .header("Allow", org.hamcrest.Matchers.nullValue())
                .body("message", equalTo("No resource at " + full));
    }

    /** RFC 6749 §3.2: the token endpoint takes POST only; its refusals are §5.2 bodies like all of its errors. */
    @ParameterizedTest(name = "{0} /oauth/token")
    @CsvSource({"GET", "PUT", "DELETE"})
    void theTokenEndpointNamesPostAndAnswersAnOAuthError(String method) {
        io.restassured.RestAssured.given().body("grant_type=client_credentials").contentType("application/x-www-form-urlencoded")
                .request(method, "/oauth/token")
                .then().statusCode(405)
                .contentType(startsWith("application/json"))
                .header("Allow", header -> new TreeSet<>(Arrays.asList(header.split("\\s*,\\s*"))).toString(),
                        equalTo("[OPTIONS, POST]"))
                .header("Cache-Control", "no-store")
                .body("error", equalTo("invalid_request"))
                .body("error_description", equalTo("Method " + method + " is not allowed on /oauth/token"));
    }
}
