package dev.provisioning.console;

import static dev.provisioning.support.ScimApi.scim;
import static dev.provisioning.support.ScimApi.userBody;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.TestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console in the packaged service (the jar in {@code ./mvnw verify}, the native executable with
 * {@code -Dnative}): Qute templates, their type-safe data and the versioned assets are what a native
 * build can lose. A sign-in ticket is written to the database as the bootstrap writes one (only its
 * SHA-256), redeemed over HTTP with the sign-in form's CSRF cookie, and every page of an organization
 * is fetched with the session.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class ConsolePagesIT {
    TestData data;

    @BeforeEach
    void data() {
        data = new TestData();
    }

    /** A platform admin's console session, signed in with a fresh ticket as a browser does. */
    private String signIn() {
        String ticket = ConsoleSecrets.newSecret();
        data.exec("insert into console_sign_in_tickets (id, token_hash, groups, subject, created_at, expires_at)"
                + " values ($1, decode($2, 'hex'), '{platform-admin}', 'packaged-build check', now(), now() + interval '15 minutes')",
                UUID.randomUUID(), HexFormat.of().formatHex(ConsoleSecrets.hash(ticket)));
        Response form = given().get("/console/sign-in?ticket=" + ticket);
        form.then().statusCode(200).body(containsString("<h1>Sign in</h1>"));
        String csrf = ConsoleSecurityTest.csrfOf(form.asString());
        assertThat(form.getCookie("console_sign_in")).isEqualTo(csrf);
        Response signedIn = given().redirects().follow(false).cookie("console_sign_in", csrf).formParam("ticket", ticket)
                .formParam("csrf", csrf).post("/console/sign-in");
        signedIn.then().statusCode(303).header("Location", containsString("/console/organizations"));
        String session = signedIn.getCookie("console_session");
        assertThat(session).isNotBlank();
        return session;
    }

    @Test
    void everyPageOfAnOrganizationRenders() {
        String name = "Packaged " + UUID.randomUUID();
        TestData.Tenant tenant = data.tenant(name, true);
        UUID second = data.provider(tenant.organizationId(), "Fabrikam tenant");
        UUID linus = data.productUser(tenant.organizationId(), "linus@contoso.example", "Linus", "regular");
        data.member(data.team(tenant.organizationId(), "Sales", tenant.providerId()), linus);
        data.member(data.team(tenant.organizationId(), "Support", second), linus);
        String userId = scim(tenant.token()).body(userBody("ada@contoso.example", "Ada Lovelace")).post("/scim/v2/Users")
                .then().statusCode(201).extract().path("id");
        UUID client = data.oauthClient(tenant.organizationId(), tenant.providerId());
        String session = signIn();

        String org = "/console/organizations/" + tenant.organizationId();
        String provider = org + "/providers/" + tenant.providerId();
        Map<String, String[]> pages = new LinkedHashMap<>();
        pages.put("/console/organizations", new String[] {"<h1>Organizations</h1>", name});
        pages.put(org, new String[] {"<h1>User provisioning (SCIM)</h1>", "/scim/v2/providers/" + tenant.providerId()});
        pages.put(provider, new String[] {"<h1>Default SCIM provider <span class=\"badge\">default</span></h1>", "Connect Microsoft Entra ID",
                "Other ways Entra can authenticate", "/oauth/token\"", "<td data-label=\"Client ID\"><code>" + client + "</code></td>",
                "<label for=\"entra-tenant-id\">Entra tenant ID (optional)</label>"});
        pages.put(provider + "/log", new String[] {"<h1>Provisioning log</h1>", "<td data-label=\"Operation\">create</td>"});
        pages.put(org + "/api-keys", new String[] {"<h1>API keys</h1>", "<td data-label=\"Name\">test key</td>"});
        pages.put(org + "/teams", new String[] {"<h1>Teams</h1>", "<td data-label=\"Team\">Sales</td>"});
        pages.put(org + "/users", new String[] {"<h1>Users</h1>", "ada@contoso.example", "linus@contoso.example"});
        pages.put(org + "/users/" + userId, new String[] {"<h1>ada@contoso.example</h1>", "Ada Lovelace"});
        pages.put(org + "/conflicts", new String[] {"<h1>Conflicts</h1>", "<li>Sales — Default SCIM provider</li>",
                "<li>Support — Fabrikam tenant</li>"});
        for (Map.Entry<String, String[]> page : pages.entrySet()) {
            Response answer = given().redirects().follow(false).cookie("console_session", session).get(page.getKey());
            assertThat(answer.statusCode()).as(page.getKey()).isEqualTo(200);
            assertThat(answer.contentType()).as(page.getKey()).startsWith("text/html");
            assertThat(answer.asString()).as(page.getKey()).contains(page.getValue());
        }
    }

    @Test
    void theVersionedStylesheetIsServedAndCachedForAYear() throws IOException {
        String html = given().cookie("console_session", signIn()).get("/console/organizations").asString();
        Matcher css = Pattern.compile("href=\"(/console/assets/console-[0-9a-f]{12}\\.css)\"").matcher(html);
        assertThat(css.find()).as("the page links its stylesheet by a versioned name").isTrue();
        Response asset = given().get(css.group(1));
        asset.then().statusCode(200).header("Cache-Control", "public, max-age=31536000, immutable").contentType(containsString("text/css"));
        try (InputStream source = ConsolePagesIT.class.getResourceAsStream("/console/assets/console.css")) {
            assertThat(asset.asByteArray()).as("the file as built").isEqualTo(source.readAllBytes());
        }
    }
}
