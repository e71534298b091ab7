package dev.provisioning.user;

import static dev.provisioning.support.ScimApi.scim;
import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.TenantTest;
import dev.provisioning.support.TestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Entra's work-email lookup is answered by the email index alone, the organization checked on the row
 * it finds (UserRepository.scopeForEmailLookup): still exactly the caller's users, also when another
 * organization has the same email, and combined with other conditions.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class EmailLookupTest extends TenantTest {
    private static final String WORK_EMAIL = "emails[type eq \"work\"].value eq \"%s\"";

    private String create(String token, String email, String userName) {
        return scim(token).body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                        + "\",\"active\":true,\"emails\":[{\"primary\":true,\"type\":\"work\",\"value\":\"" + email + "\"},"
                        + "{\"type\":\"home\",\"value\":\"home-" + email + "\"}]}")
                .post("/scim/v2/Users").then().statusCode(201).extract().path("id");
    }

    private List<String> ids(String token, String filter) {
        return scim(token).queryParam("filter", filter).get("/scim/v2/Users").then().statusCode(200).extract().path("Resources.id");
    }

    @Test
    void eachOrganizationFindsOnlyItsOwnUserOfAnEmail() {
        TestData.Tenant other = data.tenant("Fabrikam " + UUID.randomUUID(), false);
        String mine = create(tenant.token(), "Jane.Doe@contoso.com", "jane");
        String theirs = create(other.token(), "jane.doe@contoso.com", "jane");

        assertThat(ids(tenant.token(), WORK_EMAIL.formatted("jane.doe@contoso.com"))).containsExactly(mine);
        assertThat(ids(other.token(), WORK_EMAIL.formatted(" JANE.DOE@contoso.com "))).containsExactly(theirs);
        assertThat(ids(tenant.token(), "emails.value eq \"home-jane.doe@contoso.com\"")).containsExactly(mine);
        assertThat(ids(other.token(), "emails[type eq \"work\" and value eq \"jane.doe@contoso.com\"]")).containsExactly(theirs);
        assertThat(ids(tenant.token(), WORK_EMAIL.formatted("nobody@contoso.com"))).isEmpty();
    }

    @Test
    void combinedFiltersStayExact() {
        TestData.Tenant other = data.tenant("Fabrikam " + UUID.randomUUID(), false);
        String jane = create(tenant.token(), "jane@contoso.com", "jane");
        String john = create(tenant.token(), "john@contoso.com", "john");
        create(other.token(), "jane@contoso.com", "jane");

        assertThat(ids(tenant.token(), WORK_EMAIL.formatted("jane@contoso.com") + " and userName eq \"jane\"")).containsExactly(jane);
        assertThat(ids(tenant.token(), WORK_EMAIL.formatted("jane@contoso.com") + " and userName eq \"john\"")).isEmpty();
        assertThat(ids(tenant.token(), WORK_EMAIL.formatted("jane@contoso.com") + " or userName eq \"john\"")).containsExactly(jane, john);
        assertThat(ids(tenant.token(), "not (" + WORK_EMAIL.formatted("jane@contoso.com") + ")")).containsExactly(john);
        assertThat(scim(tenant.token()).queryParam("filter", WORK_EMAIL.formatted("jane@contoso.com")).queryParam("count", 0)
                .get("/scim/v2/Users").then().statusCode(200).extract().<Integer>path("totalResults")).isEqualTo(1);
    }
}
