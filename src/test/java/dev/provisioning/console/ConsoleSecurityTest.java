package dev.provisioning.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.provisioning.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's sign-in, session cookie, CSRF protection and role rules, at the HTTP level. */
@QuarkusTest
class ConsoleSecurityTest {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_-]+)\"");

    @Inject
    ConsoleSessions sessions;



    TestData data;

    @BeforeEach
    void data() {
        data = new TestData();
    }

    String platformAdminCookie() {
        String ticket = TestData.inTransaction(() -> sessions.createPlatformAdminTicket("first-run administrator"));
        return TestData.inTransaction(() -> sessions.signInWithTicket(ticket)).cookieSecret();
    }

    static String csrfOf(String html) {
        Matcher matcher = CSRF.matcher(html);
        assertThat(matcher.find()).as("a form with a csrf field").isTrue();
        return matcher.group(1);
    }

    @Test
    void pagesWithoutASessionGoToSignIn() {
        for (String path : new String[] {"/console/organizations", "/console/organizations/" + UUID.randomUUID() + "/teams"}) {
            given().redirects().follow(false).get(path).then().statusCode(303).header("Location", equalTo("http://localhost:"
                    + io.restassured.RestAssured.port + "/console/sign-in"));
        }
        given().redirects().follow(false).cookie("console_session", "x".repeat(43)).get("/console/organizations")
                .then().statusCode(303);
        given().redirects().follow(false).post("/console/organizations").then().statusCode(303);
    }

    @Test
    void theTicketSignsInOnceWithAnHttpOnlySameSiteCookieForTheConsoleOnly() {
        String ticket = TestData.inTransaction(() -> sessions.createPlatformAdminTicket("first-run administrator"));
        Response page = given().get("/console/sign-in?ticket=" + ticket);
        page.then().statusCode(200).header("Cache-Control", "no-store").header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
        String csrf = csrfOf(page.asString());
        assertThat(page.getDetailedCookie("console_sign_in").getValue()).isEqualTo(csrf);

        // the sign-in form's own CSRF check: without the matching cookie, nothing happens
        given().redirects().follow(false).formParam("ticket", ticket).formParam("csrf", csrf).post("/console/sign-in")
                .then().statusCode(403);

        Response signedIn = given().redirects().follow(false).cookie("console_sign_in", csrf).formParam("ticket", ticket)
                .formParam("csrf", csrf).post("/console/sign-in");
        signedIn.then().statusCode(303).header("Location", containsString("/console/organizations"));
        String setCookie = signedIn.getHeaders().getValues("Set-Cookie").stream().filter(c -> c.startsWith("console_session=")).findFirst()
                .orElseThrow();
        assertThat(setCookie).contains("Path=/console").contains("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Max-Age=28800")
                .doesNotContain("Secure");
        String session = signedIn.getCookie("console_session");
        given().cookie("console_session", session).get("/console/organizations").then().statusCode(200)
                .body(containsString("<h1>Organizations</h1>"));

        // used once: a second redemption is refused
        given().redirects().follow(false).cookie("console_sign_in", csrf).formParam("ticket", ticket).formParam("csrf", csrf)
                .post("/console/sign-in").then().statusCode(401).body(containsString("expired or was already used"));
    }

    @Test
    void anExpiredTicketIsRefused() {
        String ticket = ConsoleSecrets.newSecret();
        data.exec("insert into console_sign_in_tickets (id, token_hash, groups, subject, created_at, expires_at)"
                + " values ($1, decode($2, 'hex'), '{platform-admin}', 'late', now() - interval '16 minutes', now() - interval '1 minute')",
                UUID.randomUUID(), java.util.HexFormat.of().formatHex(ConsoleSecrets.hash(ticket)));
        assertThat(TestData.inTransaction(() -> sessions.signInWithTicket(ticket))).isNull();
        assertThat(TestData.inTransaction(() -> sessions.signInWithTicket("not a ticket"))).isNull();
        // tickets and sessions are stored only as hashes
        String fresh = TestData.inTransaction(() -> sessions.createPlatformAdminTicket("first-run administrator"));
        assertThat(data.count("select count(*) from console_sign_in_tickets where token_hash = decode($1, 'hex')",
                java.util.HexFormat.of().formatHex(ConsoleSecrets.hash(fresh)))).isEqualTo(1);
        assertThat(data.count("select count(*) from console_sign_in_tickets where position(convert_to($1, 'UTF8') in token_hash) > 0",
                fresh)).isZero();
    }

    /** Over HTTPS the cookie is Secure (HttpsIT); a client's own X-Forwarded-Proto cannot claim HTTPS (no proxy is trusted). */
    @Test
    void anUntrustedForwardedProtoDoesNotMakeTheCookieSecure() {
        String ticket = TestData.inTransaction(() -> sessions.createPlatformAdminTicket("first-run administrator"));
        String csrf = csrfOf(given().get("/console/sign-in?ticket=" + ticket).asString());
        Response signedIn = given().redirects().follow(false).header("X-Forwarded-Proto", "https").cookie("console_sign_in", csrf)
                .formParam("ticket", ticket).formParam("csrf", csrf).post("/console/sign-in");
        signedIn.then().statusCode(303);
        String cookie = signedIn.getHeaders().getValues("Set-Cookie").stream().filter(c -> c.startsWith("console_session="))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
    }

    @Test
    void everyFormNeedsTheSessionsCsrfToken() {
        String cookie = platformAdminCookie();
        String name = "CSRF test " + UUID.randomUUID();
        given().redirects().follow(false).cookie("console_session", cookie).formParam("name", name).post("/console/organizations")
                .then().statusCode(403).body(containsString("This form has expired or did not come from this console"));
        given().redirects().follow(false).cookie("console_session", cookie).formParam("name", name).formParam("csrf", "forged-" + "x".repeat(40))
                .post("/console/organizations").then().statusCode(403);
        assertThat(data.count("select count(*) from organizations where name = $1", name)).isZero();

        String csrf = csrfOf(given().cookie("console_session", cookie).get("/console/organizations").asString());
        given().redirects().follow(false).cookie("console_session", cookie).formParam("name", name).formParam("csrf", csrf)
                .formParam("scimEnabled", "true").post("/console/organizations")
                .then().statusCode(303).header("Location", containsString("?done=organization-created"));
        assertThat(data.count("select count(*) from organizations where name = $1 and scim_enabled and not multi_scim_enabled", name))
                .isEqualTo(1);
        assertThat(data.count("select count(*) from scim_providers p join organizations o on o.id = p.organization_id"
                + " where o.name = $1 and p.is_default", name)).isEqualTo(1);
    }

    @Test
    void signingOutEndsTheSession() {
        String cookie = platformAdminCookie();
        String csrf = csrfOf(given().cookie("console_session", cookie).get("/console/organizations").asString());
        given().redirects().follow(false).cookie("console_session", cookie).formParam("csrf", "wrong-" + "x".repeat(40))
                .post("/console/sign-out").then().statusCode(403);
        given().redirects().follow(false).cookie("console_session", cookie).get("/console/organizations").then().statusCode(200);
        Response out = given().redirects().follow(false).cookie("console_session", cookie).formParam("csrf", csrf).post("/console/sign-out");
        out.then().statusCode(303).header("Location", containsString("/console/sign-in?signed-out"));
        assertThat(out.getHeaders().getValues("Set-Cookie")).anyMatch(c -> c.startsWith("console_session=;") && c.contains("Max-Age=0"));
        given().redirects().follow(false).cookie("console_session", cookie).get("/console/organizations").then().statusCode(303);
    }

    @Test
    void anOrgAdminSessionObeysTheAdminApisRules() {
        TestData.Tenant own = data.tenant("Own " + UUID.randomUUID(), false);
        TestData.Tenant other = data.tenant("Other " + UUID.randomUUID(), false);
        String cookie = TestData.inTransaction(() -> sessions.signInWithIdToken("it-admin@customer.example", Set.of("org-admin"), own.organizationId().toString())).cookieSecret();
        given().redirects().follow(false).cookie("console_session", cookie).get("/console/organizations")
                .then().statusCode(303).header("Location", containsString("/console/organizations/" + own.organizationId()));
        String ownPage = given().cookie("console_session", cookie).get("/console/organizations/" + own.organizationId()).then()
                .statusCode(200).extract().asString();
        for (String path : new String[] {"", "/api-keys", "/teams", "/users", "/conflicts",
                "/providers/" + other.providerId(), "/providers/" + other.providerId() + "/log"}) {
            given().cookie("console_session", cookie).get("/console/organizations/" + other.organizationId() + path)
                    .then().statusCode(403).body(containsString("may administer only organization " + own.organizationId()));
        }
        // switching the add-on needs platform-admin, as in the admin API
        String csrf = csrfOf(ownPage);
        given().redirects().follow(false).cookie("console_session", cookie).formParam("csrf", csrf).formParam("name", "Renamed")
                .post("/console/organizations/" + own.organizationId() + "/settings")
                .then().statusCode(403).body(containsString("requires the platform-admin role"));
        assertThat(data.count("select count(*) from organizations where id = $1 and scim_enabled and name <> 'Renamed'",
                own.organizationId())).isEqualTo(1);
        // no console role at all: no session
        assertThat(TestData.inTransaction(() -> sessions.signInWithIdToken("someone", Set.of("staff"), own.organizationId().toString()))).isNull();
    }

    /** Everything stored for one organization, as one text: equal before and after means nothing of it changed. */
    private String stateOf(UUID organizationId) {
        return data.query("""
                select concat_ws(' | ',
                  (select o::text from organizations o where o.id = $1),
                  (select string_agg(p::text, ',' order by p.id) from scim_providers p where p.organization_id = $1),
                  (select string_agg(k::text, ',' order by k.id) from api_keys k where k.organization_id = $1),
                  (select string_agg(c::text, ',' order by c.id) from oauth_clients c where c.organization_id = $1),
                  (select string_agg(t::text, ',' order by t.id) from teams t where t.organization_id = $1),
                  (select string_agg(u::text, ',' order by u.id) from users u where u.organization_id = $1),
                  (select string_agg(m::text, ',' order by m::text) from team_members m join teams t on t.id = m.team_id
                   where t.organization_id = $1))""", organizationId).iterator().next().getString(0);
    }

    /**
     * Every form the console posts, aimed at another organization by an org-admin of one, with the session's own valid
     * CSRF token: each is refused with 403 and nothing of the other organization changes. And each of them, aimed at the
     * caller's own organization without the CSRF token, is refused before anything happens.
     */
    @Test
    void everyFormRefusesAnotherOrganizationAndAMissingCsrfTokenChangingNothing() {
        TestData.Tenant own = data.tenant("Own " + UUID.randomUUID(), true);
        TestData.Tenant other = data.tenant("Other " + UUID.randomUUID(), true);
        UUID otherTeam = data.team(other.organizationId(), "Other team " + UUID.randomUUID(), null);
        UUID otherUser = data.productUser(other.organizationId(), "victim-" + UUID.randomUUID() + "@other.example", "Victim", "limited");
        data.member(otherTeam, otherUser);
        TestData.Key otherOrgKey = data.orgKey(other.organizationId(), java.util.List.of("manage_users"));
        UUID ownTeam = data.team(own.organizationId(), "Own team " + UUID.randomUUID(), null);
        UUID ownUser = data.productUser(own.organizationId(), "mine-" + UUID.randomUUID() + "@own.example", "Mine", "limited");
        String cookie = TestData.inTransaction(() -> sessions.signInWithIdToken("it-admin@own.example", Set.of("org-admin"),
                own.organizationId().toString())).cookieSecret();
        String csrf = csrfOf(given().cookie("console_session", cookie).get("/console/organizations/" + own.organizationId()).asString());

        record Post(String path, java.util.Map<String, String> form) {
        }
        java.util.function.BiFunction<TestData.Tenant, java.util.Map<String, UUID>, java.util.List<Post>> postsOf = (tenant, ids) -> {
            String org = "/console/organizations/" + tenant.organizationId();
            String provider = org + "/providers/" + tenant.providerId();
            return java.util.List.of(
                    new Post(org + "/settings", java.util.Map.of("name", "Taken over", "scimEnabled", "true")),
                    new Post(org + "/providers", java.util.Map.of("name", "Intruder provider")),
                    new Post(provider, java.util.Map.of("name", "Renamed by intruder", "defaultTeamId", ids.get("team").toString(),
                            "entraTenantId", "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f")),
                    new Post(provider + "/keys", java.util.Map.of("name", "Intruder key")),
                    new Post(provider + "/keys/" + tenant.keyId() + "/revoke", java.util.Map.of("confirmed", "yes")),
                    new Post(provider + "/oauth-clients", java.util.Map.of("name", "Intruder client")),
                    new Post(provider + "/oauth-clients/" + ids.get("client") + "/delete", java.util.Map.of("confirmed", "yes", "clientName", "x")),
                    new Post(provider + "/delete", java.util.Map.of("confirmed", "yes", "providerName", "x")),
                    new Post(org + "/api-keys", java.util.Map.of("name", "Intruder org key", "permissions", "manage_users")),
                    new Post(org + "/api-keys/" + ids.get("orgKey") + "/revoke", java.util.Map.of("confirmed", "yes")),
                    new Post(org + "/teams", java.util.Map.of("name", "Intruder team")),
                    new Post(org + "/teams/" + ids.get("team") + "/provider", java.util.Map.of("providerId", tenant.providerId().toString())),
                    new Post(org + "/users", java.util.Map.of("email", "intruder@evil.example", "displayName", "Intruder", "role", "admin")),
                    new Post(org + "/users/" + ids.get("user") + "/teams", java.util.Map.of("teamId", ids.get("team").toString())),
                    new Post(org + "/users/" + ids.get("user") + "/teams/" + ids.get("team") + "/remove", java.util.Map.of()));
        };
        UUID otherClient = data.oauthClient(other.organizationId(), other.providerId());
        java.util.List<Post> foreign = postsOf.apply(other, java.util.Map.of("team", otherTeam, "user", otherUser, "orgKey", otherOrgKey.id(),
                "client", otherClient));
        assertThat(foreign).hasSize(15);

        String otherBefore = stateOf(other.organizationId());
        assertThat(otherBefore).as("the state compared includes the OAuth clients").contains(otherClient.toString());
        for (Post post : foreign) {
            given().redirects().follow(false).cookie("console_session", cookie).formParams(post.form()).formParam("csrf", csrf)
                    .post(post.path()).then().statusCode(403)
                    .body(containsString("may administer only organization " + own.organizationId()));
        }
        assertThat(stateOf(other.organizationId())).isEqualTo(otherBefore);

        TestData.Key ownOrgKey = data.orgKey(own.organizationId(), java.util.List.of("manage_users"));
        UUID ownClient = data.oauthClient(own.organizationId(), own.providerId());
        String ownBefore = stateOf(own.organizationId());
        for (Post post : postsOf.apply(own, java.util.Map.of("team", ownTeam, "user", ownUser, "orgKey", ownOrgKey.id(), "client", ownClient))) {
            given().redirects().follow(false).cookie("console_session", cookie).formParams(post.form()).post(post.path())
                    .then().statusCode(403).body(containsString("This form has expired or did not come from this console"));
        }
        assertThat(stateOf(own.organizationId())).isEqualTo(ownBefore);
    }

    @Test
    void theConsoleSessionIsNoCredentialForTheAdminApi() {
        String cookie = platformAdminCookie();
        given().cookie("console_session", cookie).get("/admin/organizations").then().statusCode(401);
    }

    @Test
    void assetsAreVersionedAndCached() {
        String html = given().get("/console/sign-in").asString();
        Matcher css = Pattern.compile("href=\"(/console/assets/console-[0-9a-f]{12}\\.css)\"").matcher(html);
        assertThat(css.find()).isTrue();
        given().get(css.group(1)).then().statusCode(200).contentType(containsString("text/css"))
                .header("Cache-Control", "public, max-age=31536000, immutable");
        given().get("/console/assets/console-000000000000.css").then().statusCode(404);
    }

    @Test
    void teamMembershipsAreManagedFromTheUserPageWithTheAdminRules() {
        TestData.Tenant tenant = data.tenant("Members " + UUID.randomUUID(), true);
        UUID other = data.provider(tenant.organizationId(), "Fabrikam tenant");
        UUID user = data.productUser(tenant.organizationId(), "mary@contoso.example", "Mary", "regular");
        UUID team = data.team(tenant.organizationId(), "Design", null);
        String cookie = platformAdminCookie();
        String path = "/console/organizations/" + tenant.organizationId() + "/users/" + user;
        String csrf = csrfOf(given().cookie("console_session", cookie).get(path).then().statusCode(200)
                .body(containsString("<label for=\"add-team\">Add to team</label>")).extract().asString());

        given().redirects().follow(false).cookie("console_session", cookie).formParam("csrf", csrf).formParam("teamId", team.toString())
                .post(path + "/teams").then().statusCode(303).header("Location", containsString("?done=membership-saved"));
        assertThat(data.members(team)).containsExactly(user);

        given().redirects().follow(false).cookie("console_session", cookie).formParam("csrf", csrf)
                .post(path + "/teams/" + team + "/remove").then().statusCode(303);
        assertThat(data.members(team)).isEmpty();

        // a user linked to one provider cannot join a team another provider manages: refused in words, nothing stored
        data.exec("update users set scim_provider_id = $1 where id = $2", tenant.providerId(), user);
        data.exec("update teams set scim_provider_id = $1 where id = $2", other, team);
        given().redirects().follow(false).cookie("console_session", cookie).formParam("csrf", csrf).formParam("teamId", team.toString())
                .post(path + "/teams").then().statusCode(409)
                .body(containsString("User mary@contoso.example is linked to another SCIM provider and cannot join team &#39;Design&#39;"));
        assertThat(data.members(team)).isEmpty();
    }
}
