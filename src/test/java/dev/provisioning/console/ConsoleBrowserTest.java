package dev.provisioning.console;

import static dev.provisioning.support.ScimApi.scim;
import static dev.provisioning.support.ScimApi.userBody;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Dialog;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.provisioning.support.ConsoleBrowser;
import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.TestData;
import dev.provisioning.support.TestIdentityProvider;
import dev.provisioning.support.TestIdentityProviderResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console in a real browser (headless Debian chromium, Playwright): both ways of signing in,
 * connecting a provider, a token used on the SCIM API, its events in the log, a refused team
 * assignment, errors on forms, keyboard use, and on every page axe-core and screenshots at laptop and
 * phone sizes (target/console-screenshots).
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TestIdentityProviderResource.class, restrictToAnnotatedClass = false)
class ConsoleBrowserTest {
    static ConsoleBrowser browser;

    @TestHTTPResource("/console")
    URL console;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String identityProvider;

    @Inject
    ConsoleSessions sessions;



    TestData data;
    BrowserContext context;
    Page page;

    @BeforeAll
    static void launch() {
        browser = new ConsoleBrowser();
    }

    @AfterAll
    static void quit() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void open() {
        data = new TestData();
        context = browser.newContext();
        context.setDefaultTimeout(15_000);
        page = context.newPage();
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    String url(String path) {
        return console.toString() + path;
    }

    /** Signs in with a fresh first-run ticket, as the platform admin. */
    void signInWithTicket() {
        signInWithTicket(page);
    }

    /** The same in another browser context (e.g. one without JavaScript). */
    void signInWithTicket(Page in) {
        String ticket = TestData.inTransaction(() -> sessions.createPlatformAdminTicket("first-run administrator"));
        in.navigate(url("/sign-in?ticket=" + ticket));
        in.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        in.waitForURL(Pattern.compile(".*/console/organizations$"));
    }

    /** Presses Tab, as a keyboard user does, until the focused element is the button named {@code name} (aria-label, else text). */
    static void tabToButton(Page in, String name) {
        for (int i = 0; i < 80; i++) {
            in.keyboard().press("Tab");
            Object focused = in.evaluate("() => { const e = document.activeElement;"
                    + " return e && e.tagName === 'BUTTON' ? (e.getAttribute('aria-label') || e.textContent) : null; }");
            if (name.equals(focused)) {
                return;
            }
        }
        throw new AssertionError("No button named '" + name + "' within 80 presses of Tab on " + in.url());
    }

    /** Signs in through the test identity provider's page, as {@code email}. */
    void signInWithSingleSignOn(String email) {
        page.navigate(url("/sign-in"));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with single sign-on")).click();
        page.getByLabel("Email").fill(email);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
        page.waitForURL(Pattern.compile(".*/console/.*"));
    }

    /** axe-core and screenshots at laptop and phone size, no horizontal scrolling on the phone. */
    void check(String screenshot) {
        ConsoleBrowser.checkAtBothSizes(page, screenshot);
    }

    @Test
    void firstRunLinkSignsInOnceAsPlatformAdmin() {
        page.navigate(url("/organizations"));
        assertThat(page.url()).endsWith("/console/sign-in");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Single sign-on").setExact(true)).count()).isEqualTo(1);
        check("sign-in");

        String ticket = TestData.inTransaction(() -> sessions.createPlatformAdminTicket("first-run administrator"));
        page.navigate(url("/sign-in?ticket=" + ticket));
        check("sign-in-ticket");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        page.waitForURL(Pattern.compile(".*/console/organizations$"));
        assertThat(page.locator("h1").textContent()).isEqualTo("Organizations");
        assertThat(page.locator(".who-name").textContent()).contains("first-run administrator");

        // the same link a second time, in another browser: refused
        BrowserContext other = browser.newContext();
        Page second = other.newPage();
        second.navigate(url("/sign-in?ticket=" + ticket));
        second.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        assertThat(second.locator("[role=alert]").first().textContent()).contains("expired or was already used");
        assertThat(second.url()).endsWith("/console/sign-in");
        other.close();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        page.waitForURL(Pattern.compile(".*/console/sign-in\\?signed-out=1$"));
        assertThat(page.locator("[role=status]").first().textContent()).isEqualTo("You are signed out.");
        page.navigate(url("/organizations"));
        assertThat(page.url()).endsWith("/console/sign-in");
    }

    @Test
    void singleSignOnAsOrgAdminSeesOnlyItsOrganization() {
        TestData.Tenant tenant = data.tenant("SSO customer " + UUID.randomUUID(), false);
        TestData.Tenant other = data.tenant("Other customer " + UUID.randomUUID(), false);
        String email = "it-admin-" + UUID.randomUUID() + "@customer.example";
        TestIdentityProvider.registerAccount(identityProvider, email, Set.of("org-admin", "staff"), tenant.organizationId().toString());

        signInWithSingleSignOn(email);
        assertThat(page.url()).endsWith("/console/organizations/" + tenant.organizationId());
        assertThat(page.locator(".who-name").textContent()).contains(email);
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Organizations").setExact(true)).count()).isZero();
        assertThat(page.locator("#settings-scim").count()).as("an org-admin has no add-on switches").isZero();
        assertThat(page.getByText("Vendor staff (your CSM) switch the add-on").count()).isEqualTo(1);

        page.navigate(url("/organizations/" + other.organizationId()));
        assertThat(page.locator("h1").textContent()).isEqualTo("Not allowed");
        assertThat(page.locator("[role=alert]").textContent()).contains("may administer only organization " + tenant.organizationId());
        check("not-allowed");
    }

    @Test
    void singleSignOnWithoutAConsoleRoleIsRefused() {
        String email = "employee-" + UUID.randomUUID() + "@customer.example";
        TestIdentityProvider.registerAccount(identityProvider, email, Set.of("staff"), null);
        signInWithSingleSignOn(email);
        assertThat(page.locator("h1").textContent()).isEqualTo("No console access");
        assertThat(context.cookies().stream().filter(cookie -> cookie.name.equals("console_session")).count()).isZero();
        check("no-console-access");
        page.navigate(url("/organizations"));
        assertThat(page.url()).endsWith("/console/sign-in");
    }

    @Test
    void aFormWithoutTheSessionsTokenIsRefusedOnAPageOfItsOwn() {
        signInWithTicket();
        String name = "Forged " + UUID.randomUUID();
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name);
        page.evaluate("() => document.querySelectorAll('input[name=csrf]').forEach(field => field.value = 'forged-' + 'x'.repeat(40))");
        Response answer = page.waitForResponse(response -> "POST".equals(response.request().method()),
                () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create organization")).click());
        assertThat(answer.status()).isEqualTo(403);
        PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Form expired");
        assertThat(page.locator("[role=alert]").textContent())
                .isEqualTo("This form has expired or did not come from this console. Go back, reload the page and try again.");
        assertThat(data.count("select count(*) from organizations where name = $1", name)).isZero();
        check("form-expired");
    }

    @Test
    void connectEntraCreateATokenUseItAndSeeTheEventInTheLog() {
        signInWithTicket();
        check("organizations");

        // create an organization with SCIM and multi-SCIM on
        String name = "Contoso " + UUID.randomUUID().toString().substring(0, 8);
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name);
        page.getByLabel("SCIM add-on (creates the default provider)").check();
        page.getByLabel("Multi-SCIM (several providers)").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create organization")).click();
        page.waitForURL(Pattern.compile(".*/console/organizations/[0-9a-f-]{36}\\?done=organization-created$"));
        assertThat(page.locator("[role=status]").textContent()).isEqualTo("Organization created.");
        check("providers");

        // a second provider, for a second Entra tenant
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Contoso EU tenant");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create provider")).click();
        page.waitForURL(Pattern.compile(".*/providers/[0-9a-f-]{36}\\?done=provider-created$"));
        assertThat(page.locator("h1").textContent()).isEqualTo("Contoso EU tenant");
        String tenantUrl = page.locator("#tenant-url").inputValue();
        String providerId = page.url().replaceAll(".*/providers/([0-9a-f-]{36}).*", "$1");
        assertThat(tenantUrl).endsWith("/scim/v2/providers/" + providerId);
        assertThat(page.getByText("Secret Token").count()).isPositive();
        check("provider");

        // create a key: the token is shown once, with a copy button
        page.getByLabel("Key name (optional)").fill("Entra EU");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
        Locator token = page.getByLabel("Secret Token of key “Entra EU”");
        String secret = token.inputValue();
        assertThat(secret).startsWith("scim_");
        assertThat(page.getByText("it is shown only this once").count()).isEqualTo(1);
        context.grantPermissions(List.of("clipboard-read", "clipboard-write"));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Copy the new Secret Token")).click();
        assertThat(page.locator(".token-card .copy-status").textContent()).isEqualTo("Copied");
        assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(secret);
        check("provider-new-key");
        page.navigate(page.url().replaceAll("/keys$", ""));
        assertThat(page.locator("h1").textContent()).isEqualTo("Contoso EU tenant");
        assertThat(page.content()).doesNotContain(secret);

        // Entra uses it: the SCIM API accepts it at the Tenant URL
        String scimPath = tenantUrl.substring(tenantUrl.indexOf("/scim/v2"));
        scim(secret).body(userBody("ada@contoso.example", "Ada Lovelace")).post(scimPath + "/Users").then().statusCode(201);
        scim(secret).body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"ada@contoso.example\","
                + "\"emails\":[{\"type\":\"work\",\"value\":\"ada@contoso.example\"}]}").post(scimPath + "/Users").then().statusCode(409);

        // the provisioning log shows both, newest first, and filters them
        page.navigate(url("/organizations/" + page.url().replaceAll(".*/organizations/([0-9a-f-]{36}).*", "$1") + "/providers/"
                + providerId));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Provisioning log").setExact(true)).first().click();
        assertThat(page.locator("h1").textContent()).isEqualTo("Provisioning log");
        Locator rows = page.locator("table.log tbody tr");
        assertThat(rows.count()).isEqualTo(2);
        assertThat(rows.nth(0).locator("td[data-label=Outcome]").textContent()).contains("failure").contains("409");
        assertThat(rows.nth(1).locator("td[data-label=Outcome]").textContent()).contains("success").contains("201");
        assertThat(rows.nth(1).locator("td[data-label=Operation]").textContent()).isEqualTo("create");
        check("log");
        page.getByLabel("Outcome").selectOption("success");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        assertThat(page.url()).contains("outcome=success");
        assertThat(rows.count()).isEqualTo(1);
        assertThat(rows.nth(0).locator("td[data-label=Outcome]").textContent()).contains("success");
        page.getByLabel("Operation").selectOption("delete");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        assertThat(page.locator("table.log tbody").textContent()).contains("No events match these filters.");

        // revoke the key, after the browser's confirmation: it stops working at once
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Contoso EU tenant")).click();
        String[] asked = new String[1];
        page.onceDialog(dialog -> {
            asked[0] = dialog.message();
            dialog.accept();
        });
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke key Entra EU")).click();
        page.waitForURL(Pattern.compile(".*\\?done=key-revoked$"));
        assertThat(asked[0]).startsWith("Revoke key “Entra EU”?");
        assertThat(page.locator("td[data-label=Status]").first().textContent()).startsWith("Revoked");
        scim(secret).get(scimPath + "/Users").then().statusCode(401);
    }

    /** The client credentials grant at the token endpoint, as Entra asks for a token (HTTP Basic). */
    private static io.restassured.response.ValidatableResponse tokenRequest(String tokenEndpoint, String clientId, String secret) {
        return given().auth().preemptive().basic(clientId, secret).contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials").post(tokenEndpoint).then();
    }

    /**
     * An Entra gallery app's OAuth client made on the provider page: its secret shown once, a token from the token endpoint that
     * works on the provider's SCIM API, a third client refused with the typed name kept, Delete (confirmed) ending the
     * credentials; and the provider's Entra tenant ID saved, refused next to its field with everything typed kept, and cleared.
     */
    @Test
    void aGalleryAppsOAuthClientAndTheEntraTenantIdAreSetUpOnTheProviderPage() {
        TestData.Tenant tenant = data.tenant("Gallery " + UUID.randomUUID(), false);
        UUID team = data.team(tenant.organizationId(), "Onboarding", null);
        String provider = url("/organizations/" + tenant.organizationId() + "/providers/" + tenant.providerId());
        String base = console.toString().replaceAll("/console$", "");
        Locator clients = page.locator("section[aria-labelledby=oauth-clients-heading]");
        Locator clientName = page.getByLabel("Client name (optional)");
        Locator create = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create OAuth client"));
        signInWithTicket();
        page.navigate(provider);
        assertThat(clients.locator("tbody").textContent()).contains("No OAuth clients yet.");
        assertThat(page.getByLabel("Token endpoint", new Page.GetByLabelOptions().setExact(true)).inputValue())
                .as("the Entra panel's Token endpoint").isEqualTo(base + "/oauth/token");
        assertThat(page.locator("section[aria-labelledby=entra-heading]").textContent()).contains("Now: off, no Entra tenant ID is set.");

        // created: Client ID, Client Secret and Token endpoint shown once
        clientName.fill("Entra gallery app");
        Response created = page.waitForResponse(response -> "POST".equals(response.request().method()), create::click);
        assertThat(created.status()).isEqualTo(201);
        assertThat(page.locator("#client-heading").textContent()).isEqualTo("Your new OAuth client “Entra gallery app”");
        assertThat(page.locator(".token-card .warning").textContent()).startsWith("Copy the Client Secret now: it is shown only this once.");
        String clientId = page.getByLabel("Client ID", new Page.GetByLabelOptions().setExact(true)).inputValue();
        String secret = page.getByLabel("Client Secret", new Page.GetByLabelOptions().setExact(true)).inputValue();
        String tokenEndpoint = page.locator("#new-client-token-endpoint").inputValue();
        assertThat(clientId).matches("[0-9a-f-]{36}");
        assertThat(secret).startsWith("scimoc_");
        assertThat(tokenEndpoint).isEqualTo(base + "/oauth/token");
        check("provider-new-oauth-client");
        assertThat(data.count("select count(*) from oauth_clients where id = $1 and scim_provider_id = $2"
                + " and secret_hash = sha256(convert_to($3, 'UTF8'))", UUID.fromString(clientId), tenant.providerId(), secret))
                .as("stored, its secret only as a hash").isEqualTo(1);

        // Entra gets a token with them, and provisions with it at the Tenant URL
        String accessToken = tokenRequest(tokenEndpoint, clientId, secret).statusCode(200).extract().path("access_token");
        scim(accessToken).get("/scim/v2/providers/" + tenant.providerId() + "/Users").then().statusCode(200);

        page.navigate(provider);
        Locator rows = clients.locator("tbody tr");
        assertThat(rows.count()).isEqualTo(1);
        assertThat(rows.locator("td[data-label=Name]").textContent()).isEqualTo("Entra gallery app");
        assertThat(rows.locator("td[data-label='Client ID']").textContent()).isEqualTo(clientId);
        assertThat(rows.locator("td[data-label=Status]").textContent()).isEqualTo("Active");
        assertThat(page.content()).doesNotContain(secret);

        // at most two: a third is refused above the form, the name typed kept
        clientName.fill("Rotation");
        create.click();
        assertThat(page.locator("#client-heading").textContent()).isEqualTo("Your new OAuth client “Rotation”");
        page.navigate(provider);
        clientName.fill("A third one");
        Response refused = page.waitForResponse(response -> "POST".equals(response.request().method()), create::click);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(clients.locator("form [role=alert]").textContent()).startsWith("This SCIM provider already has 2 OAuth clients; delete one");
        assertThat(clientName.inputValue()).isEqualTo("A third one");
        assertThat(rows.locator("td[data-label=Name]").allTextContents()).containsExactly("Entra gallery app", "Rotation");
        check("provider-oauth-clients");
        String live = "select count(*) from oauth_clients where scim_provider_id = $1 and deleted_at is null";
        assertThat(data.count(live, tenant.providerId())).isEqualTo(2);

        // Delete, after the browser's confirmation: the token endpoint no longer knows the credentials
        String[] asked = new String[1];
        page.onceDialog(dialog -> {
            asked[0] = dialog.message();
            dialog.accept();
        });
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete OAuth client Entra gallery app")).click();
        page.waitForURL(Pattern.compile(".*/providers/" + tenant.providerId() + "\\?done=oauth-client-deleted$"));
        assertThat(asked[0]).isEqualTo("Delete OAuth client “Entra gallery app”? Entra can no longer get access tokens with it, and those it"
                + " has stop working within a second. This cannot be undone.");
        assertThat(page.locator("[role=status]").textContent()).isEqualTo("OAuth client deleted: its access tokens stop working within a second.");
        assertThat(rows.locator("td[data-label=Name]").allTextContents()).containsExactly("Rotation");
        assertThat(data.count(live, tenant.providerId())).isEqualTo(1);
        tokenRequest(tokenEndpoint, clientId, secret).statusCode(401).body("error", equalTo("invalid_client"));

        // the Entra tenant ID, for Entra-issued tokens
        Locator tenantId = page.getByLabel("Entra tenant ID (optional)");
        Locator save = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save provider"));
        String stored = "select coalesce(entra_tenant_id, '(none)') || ' ' || name || ' ' || coalesce(default_team_id::text, '(none)')"
                + " from scim_providers where id = $1";
        String entraTenant = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
        tenantId.fill(entraTenant);
        save.click();
        page.waitForURL(Pattern.compile(".*\\?done=provider-saved$"));
        assertThat(page.locator("[role=status]").textContent()).isEqualTo("Provider saved.");
        assertThat(data.query(stored, tenant.providerId()).iterator().next().getString(0))
                .isEqualTo(entraTenant + " Default SCIM provider (none)");
        assertThat(tenantId.inputValue()).isEqualTo(entraTenant);
        assertThat(page.locator("section[aria-labelledby=entra-heading]").textContent()).contains("Now: accepted from tenant " + entraTenant + ".");

        // not a GUID: the service's words next to the field, everything typed kept, nothing stored
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Contoso gallery app");
        page.getByLabel("Default team (new users from this provider join it)").selectOption(team.toString());
        tenantId.fill("contoso.onmicrosoft.com");
        Response invalid = page.waitForResponse(response -> "POST".equals(response.request().method()), save::click);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(page.locator("#entra-tenant-id-error").textContent()).isEqualTo("Entra tenant ID must be a GUID such as"
                + " 72f988bf-86f1-41af-91ab-2d7cd011db47 (Entra admin center → Overview → Tenant ID)");
        assertThat(tenantId.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(tenantId.inputValue()).isEqualTo("contoso.onmicrosoft.com");
        assertThat(page.locator("#provider-name").inputValue()).isEqualTo("Contoso gallery app");
        assertThat(page.locator("#default-team").inputValue()).isEqualTo(team.toString());
        check("provider-entra-tenant-error");
        assertThat(data.query(stored, tenant.providerId()).iterator().next().getString(0))
                .isEqualTo(entraTenant + " Default SCIM provider (none)");

        // blank clears it; the rest of what was typed is saved with it
        tenantId.fill("");
        save.click();
        page.waitForURL(Pattern.compile(".*\\?done=provider-saved$"));
        assertThat(data.query(stored, tenant.providerId()).iterator().next().getString(0)).isEqualTo("(none) Contoso gallery app " + team);
    }

    /** Page two of a filtered log: the next events, newest first, the filter kept. */
    @Test
    void theLogPagesOlderEventsKeepingTheFilter() {
        TestData.Tenant tenant = data.tenant("Paging " + UUID.randomUUID(), false);
        // 300 events; every fifth (g % 5 = 3) a patch: 60 patches, more than one page (ConsoleResource.LOG_PAGE = 50)
        data.exec("""
                insert into provisioning_events (organization_id, scim_provider_id, resource_type, operation, outcome, status, detail, created_at)
                select $1, $2, 'User', (array['create', 'claim', 'replace', 'patch', 'delete'])[g % 5 + 1],
                       case when g % 7 = 0 then 'failure' else 'success' end, case when g % 7 = 0 then 409 else 200 end,
                       'seeded event ' || g, now() - (300 - g) * interval '1 second'
                from generate_series(1, 300) g""", tenant.organizationId(), tenant.providerId());
        assertThat(ConsoleResource.LOG_PAGE).isEqualTo(50);
        signInWithTicket();
        page.navigate(url("/organizations/" + tenant.organizationId() + "/providers/" + tenant.providerId() + "/log"));
        Locator rows = page.locator("table.log tbody tr");
        Locator details = rows.locator("td[data-label='Attributes or detail']");
        assertThat(rows.count()).isEqualTo(50);
        assertThat(details.first().textContent()).isEqualTo("seeded event 300");

        page.getByLabel("Operation").selectOption("patch");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        page.waitForURL(Pattern.compile(".*/log\\?outcome=&operation=patch$"));
        assertThat(details.allTextContents()).isEqualTo(seededEvents(298, 53));
        assertThat(rows.locator("td[data-label=Operation]").allTextContents()).containsOnly("patch");

        long lastShown = data.count("select id from provisioning_events where scim_provider_id = $1 and detail = 'seeded event 53'",
                tenant.providerId());
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Older events")).click();
        page.waitForURL(Pattern.compile(".*/log\\?operation=patch&before=" + lastShown + "$"));
        assertThat(details.allTextContents()).isEqualTo(seededEvents(48, 3));
        assertThat(rows.locator("td[data-label=Operation]").allTextContents()).containsOnly("patch");
        assertThat(page.getByLabel("Operation").inputValue()).isEqualTo("patch");
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Older events")).count()).as("the last page").isZero();

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Newest events")).click();
        page.waitForURL(Pattern.compile(".*/log\\?operation=patch$"));
        assertThat(details.allTextContents()).isEqualTo(seededEvents(298, 53));
    }

    /** "seeded event from", every fifth down to "seeded event to". */
    private static List<String> seededEvents(int from, int to) {
        return java.util.stream.IntStream.iterate(from, g -> g >= to, g -> g - 5).mapToObj(g -> "seeded event " + g).toList();
    }

    @Test
    void thePlatformAdminSwitchesTheAddOnAndMultiScim() {
        UUID org = UUID.randomUUID();
        data.exec("insert into organizations (id, name) values ($1, $2)", org, "Switches " + org);
        String flags = "select scim_enabled::text || ' ' || multi_scim_enabled::text from organizations where id = $1";
        Locator state = page.locator("section[aria-labelledby=addon-heading] > p");
        Locator scim = page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("SCIM add-on").setExact(true));
        Locator multi = page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Multi-SCIM (several providers, e.g. one per"
                + " Entra tenant)").setExact(true));
        Locator createProvider = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create provider"));
        signInWithTicket();
        page.navigate(url("/organizations/" + org));
        assertThat(state.innerText()).isEqualTo("SCIM add-on: Off · Multi-SCIM: Off");
        assertThat(page.getByText("No SCIM provider yet. The SCIM add-on is off").count()).isEqualTo(1);

        scim.check();
        multi.check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save settings")).click();
        page.waitForURL(Pattern.compile(".*/organizations/" + org + "\\?done=settings-saved$"));
        assertThat(page.locator("[role=status]").textContent()).isEqualTo("Settings saved.");
        assertThat(state.innerText()).isEqualTo("SCIM add-on: On · Multi-SCIM: On");
        assertThat(scim.isChecked()).isTrue();
        assertThat(multi.isChecked()).isTrue();
        assertThat(page.locator(".provider-card h3").allTextContents()).containsExactly("Default SCIM provider default");
        assertThat(createProvider.count()).isEqualTo(1);
        assertThat(data.query(flags, org).iterator().next().getString(0)).isEqualTo("true true");
        assertThat(data.count("select count(*) from scim_providers where organization_id = $1 and is_default", org)).isEqualTo(1);

        multi.uncheck();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save settings")).click();
        page.waitForURL(Pattern.compile(".*/organizations/" + org + "\\?done=settings-saved$"));
        assertThat(state.innerText()).isEqualTo("SCIM add-on: On · Multi-SCIM: Off");
        assertThat(multi.isChecked()).isFalse();
        assertThat(createProvider.count()).isZero();
        assertThat(data.query(flags, org).iterator().next().getString(0)).isEqualTo("true false");
    }

    @Test
    void anOrganizationKeyIsShownOnceAndStoredOnlyAsAHash() {
        TestData.Tenant tenant = data.tenant("Org key " + UUID.randomUUID(), false);
        signInWithTicket();
        page.navigate(url("/organizations/" + tenant.organizationId() + "/api-keys"));
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("HR sync");
        assertThat(page.getByLabel("manage_users: provision users and groups over SCIM").isChecked()).isTrue();
        Response created = page.waitForResponse(response -> "POST".equals(response.request().method()),
                () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click());
        assertThat(created.status()).isEqualTo(201);
        String token = page.getByLabel("Token of key “HR sync”").inputValue();
        assertThat(token).startsWith("scim_");
        assertThat(page.locator(".token-card .warning").textContent()).isEqualTo("Copy it now: it is shown only this once. Only a hash is"
                + " stored; if you lose it, create another key and revoke this one.");

        var row = data.query("select permissions, scim_provider_id, hint, token_hash = sha256(convert_to($2, 'UTF8')) as hashed"
                + " from api_keys where organization_id = $1 and name = 'HR sync'", tenant.organizationId(), token);
        assertThat(row.size()).isEqualTo(1);
        var key = row.iterator().next();
        assertThat(key.getArrayOfStrings("permissions")).containsExactly("manage_users");
        assertThat(key.getUUID("scim_provider_id")).isNull();
        assertThat(key.getString("hint")).isEqualTo(token.substring(token.length() - 4));
        assertThat(key.getBoolean("hashed")).isTrue();
        assertThat(data.count("select count(*) from api_keys k where strpos(k::text, $1) > 0 or position(convert_to($1, 'UTF8') in token_hash) > 0",
                token)).as("the token stored nowhere in plain").isZero();

        page.navigate(url("/organizations/" + tenant.organizationId() + "/api-keys"));
        assertThat(page.content()).doesNotContain(token);
        assertThat(page.locator("tbody tr").filter(new Locator.FilterOptions().setHasText("HR sync")).locator("td[data-label='Ends with']").textContent())
                .isEqualTo("…" + token.substring(token.length() - 4));
        scim(token).get("/scim/v2/Users").then().statusCode(200);
    }

    @Test
    void aTeamCreatedInTheConsoleIsStoredUnmanaged() {
        TestData.Tenant tenant = data.tenant("Team " + UUID.randomUUID(), false);
        signInWithTicket();
        page.navigate(url("/organizations/" + tenant.organizationId() + "/teams"));
        assertThat(page.locator("main tbody").textContent()).contains("No teams yet.");
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Recruiting");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create team")).click();
        page.waitForURL(Pattern.compile(".*/teams\\?done=team-created$"));
        assertThat(page.locator("[role=status]").textContent()).isEqualTo("Team created.");
        assertThat(page.locator("td[data-label=Team]").allTextContents()).containsExactly("Recruiting");
        assertThat(page.getByLabel("Provider managing Recruiting").inputValue()).isEmpty();
        var teams = data.query("select name, scim_provider_id from teams where organization_id = $1", tenant.organizationId());
        assertThat(teams.size()).isEqualTo(1);
        assertThat(teams.iterator().next().getString("name")).isEqualTo("Recruiting");
        assertThat(teams.iterator().next().getUUID("scim_provider_id")).isNull();
    }

    @Test
    void revokeAskedAgainWhenTheConfirmationIsDismissed() {
        TestData.Tenant tenant = data.tenant("Dismiss " + UUID.randomUUID(), false);
        data.providerKey(tenant.organizationId(), tenant.providerId());
        signInWithTicket();
        page.navigate(url("/organizations/" + tenant.organizationId() + "/providers/" + tenant.providerId()));
        page.onceDialog(Dialog::dismiss);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke key provider key")).click();
        assertThat(page.locator("td[data-label=Status]").first().textContent()).isEqualTo("Active");
        assertThat(data.count("select count(*) from api_keys where scim_provider_id = $1 and revoked_at is null", tenant.providerId()))
                .isEqualTo(1);
    }

    @Test
    void aRefusedTeamAssignmentListsTheConflictingUsers() {
        TestData.Tenant tenant = data.tenant("Conflicts " + UUID.randomUUID(), true);
        UUID second = data.provider(tenant.organizationId(), "Fabrikam tenant");
        scim(tenant.token()).body(userBody("grace@contoso.example", "Grace Hopper")).post("/scim/v2/Users").then().statusCode(201);
        UUID grace = (UUID) data.query("select id from users where organization_id = $1 and email = $2", tenant.organizationId(),
                "grace@contoso.example").iterator().next().getUUID(0);
        UUID team = data.team(tenant.organizationId(), "Research", null);
        data.member(team, grace);

        signInWithTicket();
        page.navigate(url("/organizations/" + tenant.organizationId() + "/teams"));
        check("teams");
        page.getByLabel("Provider managing Research").selectOption(second.toString());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the provider of Research")).click();
        assertThat(page.locator("h2#refused-heading").textContent()).isEqualTo("Team “Research” was not changed");
        assertThat(page.locator(".conflict-card [role=alert]").textContent()).contains("linked to another SCIM provider");
        Locator conflict = page.locator(".conflict-card tbody tr");
        assertThat(conflict.count()).isEqualTo(1);
        assertThat(conflict.locator("td[data-label=User]").textContent()).isEqualTo("grace@contoso.example");
        assertThat(conflict.locator("td[data-label='Linked to']").textContent()).isEqualTo("Default SCIM provider");
        assertThat(page.getByLabel("Provider managing Research").inputValue()).as("the choice is kept").isEqualTo(second.toString());
        check("teams-conflict");
        assertThat(data.teamRow(team).get("scim_provider_id")).isNull();

        // and the same team to the provider the user is linked to: saved
        page.getByLabel("Provider managing Research").selectOption(tenant.providerId().toString());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the provider of Research")).click();
        assertThat(page.locator("[role=status]").textContent()).isEqualTo("Team saved.");
        assertThat(data.teamRow(team).get("scim_provider_id")).isEqualTo(tenant.providerId());
    }

    @Test
    void everyOtherPageIsAccessibleAndFitsAPhone() {
        TestData.Tenant tenant = data.tenant("Pages " + UUID.randomUUID(), true);
        UUID second = data.provider(tenant.organizationId(), "Fabrikam tenant");
        UUID user = data.productUser(tenant.organizationId(), "linus@contoso.example", "Linus", "regular");
        UUID a = data.team(tenant.organizationId(), "Sales", tenant.providerId());
        UUID b = data.team(tenant.organizationId(), "Support", second);
        data.member(a, user);
        data.member(b, user);
        data.orgKey(tenant.organizationId(), List.of("manage_users"));
        String org = "/organizations/" + tenant.organizationId();
        signInWithTicket();

        page.navigate(url(org + "/api-keys"));
        check("api-keys");
        page.navigate(url(org + "/users"));
        check("users");
        page.getByLabel("Email", new Page.GetByLabelOptions().setExact(true)).first().fill("LINUS@contoso.example ");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
        assertThat(page.locator("main tbody tr").count()).isEqualTo(1);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("linus@contoso.example")).click();
        assertThat(page.locator("h1").textContent()).isEqualTo("linus@contoso.example");
        check("user");
        page.navigate(url(org + "/conflicts"));
        assertThat(page.locator("main tbody tr").count()).isEqualTo(1);
        assertThat(page.locator("main tbody").textContent()).contains("linus@contoso.example").contains("Sales — Default SCIM provider")
                .contains("Support — Fabrikam tenant");
        check("conflicts");

        // the confirmation asked on a page of its own when the browser does not ask it
        page.navigate(url(org + "/providers/" + second));
        page.evaluate("() => document.querySelectorAll('form[data-confirm]').forEach(f => f.removeAttribute('data-confirm'))");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete provider")).click();
        assertThat(page.locator("h1").textContent()).isEqualTo("Delete provider “Fabrikam tenant”?");
        check("confirm");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Cancel")).click();
        assertThat(page.locator("h1").textContent()).isEqualTo("Fabrikam tenant");

        // and with JavaScript off altogether: the page asks, and confirming deletes
        BrowserContext noScript = browser.newContextWithoutJavaScript();
        Page plain = noScript.newPage();
        signInWithTicket(plain);
        plain.navigate(url(org + "/providers/" + second));
        plain.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete provider")).click();
        assertThat(plain.locator("h1").textContent()).isEqualTo("Delete provider “Fabrikam tenant”?");
        assertThat(data.count("select count(*) from scim_providers where id = $1", second)).isEqualTo(1);
        plain.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete provider")).click();
        assertThat(plain.locator("[role=status]").textContent()).startsWith("Provider deleted");
        assertThat(data.count("select count(*) from scim_providers where id = $1", second)).isZero();
        assertThat(data.teamRow(b).get("scim_provider_id")).as("its team is no longer managed").isNull();
        noScript.close();
    }

    @Test
    void aRefusedFormShowsTheErrorNextToTheFieldAndKeepsWhatWasTyped() {
        TestData.Tenant tenant = data.tenant("Forms " + UUID.randomUUID(), false);
        data.productUser(tenant.organizationId(), "taken@contoso.example", "Taken", "regular");
        signInWithTicket();
        page.navigate(url("/organizations/" + tenant.organizationId() + "/users"));
        page.getByLabel("Email", new Page.GetByLabelOptions().setExact(true)).nth(1).fill("not-an-email");
        page.getByLabel("Name (optional)").fill("Someone");
        page.getByLabel("Role").selectOption("admin");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add user")).click();
        assertThat(page.locator("#user-email-error").textContent()).isEqualTo("Email must be an email address such as jane@example.com");
        assertThat(page.locator("#user-email").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.locator("#user-email").inputValue()).isEqualTo("not-an-email");
        assertThat(page.locator("#user-name").inputValue()).isEqualTo("Someone");
        assertThat(page.locator("#user-role").inputValue()).isEqualTo("admin");
        check("users-error");

        page.locator("#user-email").fill("TAKEN@contoso.example");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add user")).click();
        assertThat(page.locator("form [role=alert]").textContent()).contains("A user with the email 'TAKEN@contoso.example' already exists");
        assertThat(page.locator("#user-email").inputValue()).isEqualTo("TAKEN@contoso.example");
        assertThat(data.count("select count(*) from users where organization_id = $1", tenant.organizationId())).isEqualTo(1);

        // without multi-SCIM, a second provider is refused in the admin's words
        page.navigate(url("/organizations/" + tenant.organizationId()));
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create provider")).count()).isZero();
        assertThat(page.getByText("vendor staff (your CSM) switch multi-SCIM on").count()).isEqualTo(1);
    }

    @Test
    void theKeyboardAloneCreatesAKey() {
        TestData.Tenant tenant = data.tenant("Keyboard " + UUID.randomUUID(), false);
        signInWithTicket();
        page.navigate(url("/organizations/" + tenant.organizationId() + "/providers/" + tenant.providerId()));
        page.keyboard().press("Tab");
        assertThat(page.evaluate("() => document.activeElement.textContent")).isEqualTo("Skip to content");
        page.keyboard().press("Enter");
        tabToButton(page, "Create key");
        page.keyboard().press("Enter");
        assertThat(page.getByLabel("Secret Token of key “SCIM provider key”").inputValue()).startsWith("scim_");
    }

    @Test
    void theKeyboardAloneCopiesTheTenantUrl() {
        TestData.Tenant tenant = data.tenant("Keyboard copy " + UUID.randomUUID(), false);
        signInWithTicket();
        page.navigate(url("/organizations/" + tenant.organizationId() + "/providers/" + tenant.providerId()));
        context.grantPermissions(List.of("clipboard-read", "clipboard-write"));
        page.evaluate("() => navigator.clipboard.writeText('nothing copied yet')");
        tabToButton(page, "Copy the Tenant URL");
        page.keyboard().press("Enter");
        assertThat(page.locator(".copy-row:has(#tenant-url) .copy-status").textContent()).isEqualTo("Copied");
        String expected = console.toString().replaceAll("/console$", "") + "/scim/v2/providers/" + tenant.providerId();
        assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(expected);
    }

    /**
     * With JavaScript, Enter on Revoke opens the browser's own confirmation, whose OK (focused, Enter) is the
     * browser's and out of Playwright's keyboard: the test accepts it as that Enter would. Without JavaScript the
     * confirmation is a page of ours, and there the keyboard alone confirms.
     */
    @Test
    void theKeyboardAloneRevokesAKeyAfterItsConfirmation() {
        TestData.Tenant tenant = data.tenant("Keyboard revoke " + UUID.randomUUID(), false);
        data.providerKey(tenant.organizationId(), tenant.providerId());
        data.providerKey(tenant.organizationId(), tenant.providerId());
        String active = "select count(*) from api_keys where scim_provider_id = $1 and revoked_at is null";
        String provider = url("/organizations/" + tenant.organizationId() + "/providers/" + tenant.providerId());
        signInWithTicket();
        page.navigate(provider);
        String[] asked = new String[1];
        page.onceDialog(dialog -> {
            asked[0] = dialog.message();
            dialog.accept();
        });
        tabToButton(page, "Revoke key provider key");
        page.keyboard().press("Enter");
        page.waitForURL(Pattern.compile(".*\\?done=key-revoked$"));
        assertThat(asked[0]).isEqualTo("Revoke key “provider key”? The identity provider using it stops provisioning at once."
                + " This cannot be undone.");
        assertThat(data.count(active, tenant.providerId())).isEqualTo(1);

        BrowserContext noScript = browser.newContextWithoutJavaScript();
        Page plain = noScript.newPage();
        signInWithTicket(plain);
        plain.navigate(provider);
        tabToButton(plain, "Revoke key provider key");
        plain.keyboard().press("Enter");
        plain.waitForURL(Pattern.compile(".*/keys/[0-9a-f-]{36}/revoke$"));
        assertThat(plain.locator("h1").textContent()).isEqualTo("Revoke key “provider key”?");
        assertThat(data.count(active, tenant.providerId())).as("asking changes nothing").isEqualTo(1);
        tabToButton(plain, "Revoke");
        plain.keyboard().press("Enter");
        plain.waitForURL(Pattern.compile(".*\\?done=key-revoked$"));
        assertThat(plain.locator("[role=status]").textContent()).isEqualTo("Key revoked: it stops working at once.");
        assertThat(data.count(active, tenant.providerId())).isZero();
        noScript.close();
    }
}
