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
            """)
    void adminAnswersNameTheAllowedMethodsToo(String method, String path, String allowed) {
        AdminApi.admin(AdminApi.platformAdmin()).body("{}").request(method, path.formatted(tenant.organizationId()))
                .then().statusCode(405)
                .contentType(startsWith("application/json"))
                .header("Allow", header -> new TreeSet<>(Arrays.asList(header.split("\\s*,\\s*"))).toString(),
                        equalTo(new TreeSet<>(Arrays.asList(allowed.split(" "))).toString()))
                .body("message", startsWith("Method " + method + " is not allowed"));
    }
}
