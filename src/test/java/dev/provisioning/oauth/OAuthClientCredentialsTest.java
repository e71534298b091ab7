package dev.provisioning.oauth;

import static dev.provisioning.support.AdminApi.admin;
import static dev.provisioning.support.AdminApi.orgAdmin;
import static dev.provisioning.support.ScimApi.ERROR;
import static dev.provisioning.support.ScimApi.scim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.provisioning.security.ApiTokens;
import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.ScimApi;
import dev.provisioning.support.TenantTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * OAuth 2.0 client credentials (product.md §5, §11; RFC 6749 §4.4, §5.2): clients per provider in the
 * admin API, {@code POST /oauth/token} with Basic or form credentials, and access tokens that act as
 * the provider exactly as its API key would, until their client is deleted.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class OAuthClientCredentialsTest extends TenantTest {

    @Inject
    OAuthClientRegistry registry;

    @Inject
    AccessTokens tokens;

    private String clients(UUID provider) {
        return "/admin/organizations/" + tenant.organizationId() + "/scim-providers/" + provider + "/oauth-clients";
    }

    private Response createClient(UUID provider, String body) {
        return admin(orgAdmin(tenant.organizationId())).body(body).post(clients(provider));
    }

    private record Credentials(String clientId, String secret) {
    }

    private Credentials newClient() {
        Response created = createClient(tenant.providerId(), "{\"name\":\"Entra gallery app\"}");
        created.then().statusCode(201);
        return new Credentials(created.path("clientId"), created.path("clientSecret"));
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static String token(Credentials client) {
        return given().header("Authorization", basic(client.clientId(), client.secret()))
                .contentType("application/x-www-form-urlencoded").body("grant_type=client_credentials")
                .post("/oauth/token").then().statusCode(200).extract().path("access_token");
    }

    @Test
    void adminCreatesListsAndDeletesClientsShowingTheSecretOnce() {
        Response created = createClient(tenant.providerId(), "{\"name\":\"Entra gallery app\"}");
        created.then().statusCode(201).contentType(startsWith("application/json"))
                .body("name", equalTo("Entra gallery app")).body("clientSecret", startsWith("scimoc_"))
                .body("createdAt", org.hamcrest.Matchers.notNullValue());
        String clientId = created.path("clientId");
        String secret = created.path("clientSecret");
        // stored only as its SHA-256
        var row = data.query("select secret_hash, organization_id, scim_provider_id, deleted_at from oauth_clients where id = $1",
                UUID.fromString(clientId)).iterator().next();
        assertThat(row.getBuffer("secret_hash").getBytes()).isEqualTo(ApiTokens.digest(secret));
        assertThat(row.getUUID("scim_provider_id")).isEqualTo(tenant.providerId());
        assertThat(data.count("select count(*) from oauth_clients where encode(secret_hash, 'escape') like '%' || $1 || '%'",
                secret.substring(7))).isZero();
        // listed without the secret
        admin(orgAdmin(tenant.organizationId())).get(clients(tenant.providerId())).then().statusCode(200)
                .body("clientId", contains(clientId)).body("[0]", not(hasKey("clientSecret"))).body("[0].name", equalTo("Entra gallery app"));
        // a second one without a body gets a default name; a third is refused
        createClient(tenant.providerId(), "").then().statusCode(201).body("name", equalTo("OAuth client"));
        createClient(tenant.providerId(), "{}").then().statusCode(409).body("message", startsWith("This SCIM provider already has 2 OAuth clients"));
        admin(orgAdmin(tenant.organizationId())).delete(clients(tenant.providerId()) + "/" + clientId).then().statusCode(204);
        assertThat(data.query("select deleted_at from oauth_clients where id = $1", UUID.fromString(clientId)).iterator().next()
                .getOffsetDateTime(0)).isNotNull();
        admin(orgAdmin(tenant.organizationId())).get(clients(tenant.providerId())).then().statusCode(200).body("size()", equalTo(1));
        admin(orgAdmin(tenant.organizationId())).delete(clients(tenant.providerId()) + "/" + clientId).then().statusCode(404);
        createClient(tenant.providerId(), "{}").then().statusCode(201);
    }

    @Test
    void adminAccessIsScopedToTheOrganization() {
        UUID otherOrg = data.tenant("Other org " + UUID.randomUUID(), false).organizationId();
        admin(orgAdmin(otherOrg)).body("{}").post(clients(tenant.providerId())).then().statusCode(403);
        admin(orgAdmin(otherOrg)).get(clients(tenant.providerId())).then().statusCode(403);
        admin(orgAdmin(tenant.organizationId())).body("{}").post(clients(UUID.randomUUID())).then().statusCode(404);
        admin(orgAdmin(tenant.organizationId())).body("{\"name\":5}").post(clients(tenant.providerId())).then().statusCode(400)
                .body("field", equalTo("name"));
        given().contentType("application/json").body("{}").post(clients(tenant.providerId())).then().statusCode(401);
        assertThat(data.count("select count(*) from oauth_clients where organization_id = $1", tenant.organizationId())).isZero();
    }

    @Test
    void neitherAnotherOrganizationNorAnotherProvidersPathDeletesAClient() {
        Credentials client = newClient();
        String issued = token(client);
        String item = clients(tenant.providerId()) + "/" + client.clientId();
        // another organization's admin: 403, the client untouched
        UUID otherOrg = data.tenant("Other org " + UUID.randomUUID(), false).organizationId();
        admin(orgAdmin(otherOrg)).delete(item).then().statusCode(403).contentType(startsWith("application/json"))
                .body("message", equalTo("This token may administer only organization " + otherOrg));
        // provider B of the same organization: the client is not B's, 404, untouched
        UUID providerB = data.provider(tenant.organizationId(), "Provider B");
        admin(orgAdmin(tenant.organizationId())).delete(clients(providerB) + "/" + client.clientId()).then().statusCode(404)
                .contentType(startsWith("application/json"))
                .body("message", equalTo("OAuth client " + client.clientId() + " not found for this SCIM provider"));
        assertThat(data.query("select scim_provider_id, deleted_at from oauth_clients where id = $1", UUID.fromString(client.clientId()))
                .iterator().next()).satisfies(row -> {
                    assertThat(row.getUUID("scim_provider_id")).isEqualTo(tenant.providerId());
                    assertThat(row.getOffsetDateTime("deleted_at")).isNull();
                });
        // its token issued before still works, and it still gets new ones
        scim(issued).get("/scim/v2/Users").then().statusCode(200).body("totalResults", equalTo(0));
        scim(token(client)).get("/scim/v2/Users").then().statusCode(200).body("totalResults", equalTo(0));
        admin(orgAdmin(tenant.organizationId())).get(clients(tenant.providerId())).then().statusCode(200)
                .body("clientId", contains(client.clientId()));
    }

    @Test
    void tokenEndpointGrantsWithBasicOrFormCredentials() {
        Credentials client = newClient();
        given().header("Authorization", basic(client.clientId(), client.secret()))
                .contentType("application/x-www-form-urlencoded").body("grant_type=client_credentials&scope=scim")
                .post("/oauth/token").then().statusCode(200).contentType(startsWith("application/json"))
                .header("Cache-Control", "no-store").header("Pragma", "no-cache")
                .body("token_type", equalTo("Bearer")).body("expires_in", equalTo(3600))
                .body("access_token", startsWith("eyJ")).body("$", not(hasKey("refresh_token")));
        given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("grant_type", "client_credentials").formParam("client_id", client.clientId())
                .formParam("client_secret", client.secret())
                .post("/oauth/token").then().statusCode(200).body("token_type", equalTo("Bearer"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            wrong secret, Basic             | basic-wrong   | grant_type=client_credentials                           | 401 | invalid_client
            wrong secret, form              | none          | grant_type=client_credentials&client_id=ID&client_secret=nope | 401 | invalid_client
            unknown client                  | basic-unknown | grant_type=client_credentials                           | 401 | invalid_client
            client id not a uuid            | none          | grant_type=client_credentials&client_id=abc&client_secret=SECRET | 401 | invalid_client
            no credentials                  | none          | grant_type=client_credentials                           | 401 | invalid_client
            Basic and form both             | basic         | grant_type=client_credentials&client_id=ID&client_secret=SECRET | 400 | invalid_request
            another grant type              | basic         | grant_type=password&username=a&password=b               | 400 | unsupported_grant_type
            no grant type                   | basic         | scope=scim                                              | 400 | invalid_request
            a parameter twice               | basic         | grant_type=client_credentials&grant_type=client_credentials | 400 | invalid_request
            """)
    void tokenEndpointErrorsFollowRfc6749(String name, String authentication, String form, int status, String error) {
        Credentials client = newClient();
        var request = given().contentType("application/x-www-form-urlencoded")
                .body(form.replace("ID", client.clientId()).replace("SECRET", client.secret()));
        switch (authentication) {
            case "basic" -> request.header("Authorization", basic(client.clientId(), client.secret()));
            case "basic-wrong" -> request.header("Authorization", basic(client.clientId(), client.secret() + "x"));
            case "basic-unknown" -> request.header("Authorization", basic(UUID.randomUUID().toString(), client.secret()));
            default -> {
            }
        }
        var response = request.post("/oauth/token").then().statusCode(status).contentType(startsWith("application/json"))
                .header("Cache-Control", "no-store")
                .body("error", equalTo(error)).body("error_description", org.hamcrest.Matchers.notNullValue())
                .body("$", not(hasKey("access_token")));
        if (status == 401) {
            response.header("WWW-Authenticate", "Basic realm=\"scim-oauth\"");
        }
    }

    @Test
    void aJsonBodyIsInvalidRequest() {
        Credentials client = newClient();
        given().header("Authorization", basic(client.clientId(), client.secret())).contentType("application/json")
                .body("{\"grant_type\":\"client_credentials\"}").post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void anAccessTokenActsAsTheProviderExactlyAsItsApiKeyWould() {
        Credentials client = newClient();
        String token = token(client);
        String id = ScimApi.createUser(token, "ada@contoso.com", "Ada");
        var stored = data.user(UUID.fromString(id));
        assertThat(stored.get("scim_provider_id")).isEqualTo(tenant.providerId());
        // the event names the client as the credential that wrote
        assertThat(data.query("select api_key_id from provisioning_events where resource_id = $1", UUID.fromString(id))
                .iterator().next().getUUID(0)).isEqualTo(UUID.fromString(client.clientId()));
        scim(token).get("/scim/v2/providers/" + tenant.providerId() + "/Users/" + id).then().statusCode(200);
        scim(token).get("/scim/v2/Users/" + id).then().statusCode(200);
        // not at another provider's base URL, exactly like the provider's key
        UUID other = data.provider(tenant.organizationId(), "Other");
        scim(token).get("/scim/v2/providers/" + other + "/Users").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"scim\"").body("schemas", contains(ERROR));
        // SCIM switched off for the organization: 403, as for a key (cached for at most 4 s, as keys are)
        data.exec("update organizations set scim_enabled = false where id = $1", tenant.organizationId());
        registry.invalidate(UUID.fromString(client.clientId()));
        scim(token).get("/scim/v2/Users").then().statusCode(403).body("detail", startsWith("The SCIM add-on is not enabled"));
    }

    @Test
    void aDeletedClientsTokensStopAtOnceHereAndAtTheNextPollEverywhere() throws Throwable {
        Credentials here = newClient();
        String token = token(here);
        scim(token).get("/scim/v2/Users").then().statusCode(200);
        admin(orgAdmin(tenant.organizationId())).delete(clients(tenant.providerId()) + "/" + here.clientId()).then().statusCode(204);
        scim(token).get("/scim/v2/Users").then().statusCode(401);
        // deleted by another replica: this one learns it from its poll of recent deletions
        Credentials elsewhere = newClient();
        String other = token(elsewhere);
        scim(other).get("/scim/v2/Users").then().statusCode(200);
        data.exec("update oauth_clients set deleted_at = now() where id = $1", UUID.fromString(elsewhere.clientId()));
        VertxContextSupport.subscribeAndAwait(() -> registry.poll());
        scim(other).get("/scim/v2/Users").then().statusCode(401);
        // a new token for a deleted client is refused too
        given().header("Authorization", basic(elsewhere.clientId(), elsewhere.secret())).contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials").post("/oauth/token").then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void aDeletedProvidersClientsAndTokensGoWithIt() {
        UUID provider = data.provider(tenant.organizationId(), "Second tenant");
        data.exec("update organizations set multi_scim_enabled = true where id = $1", tenant.organizationId());
        Response created = createClient(provider, "{}");
        String token = token(new Credentials(created.path("clientId"), created.path("clientSecret")));
        scim(token).get("/scim/v2/providers/" + provider + "/Users").then().statusCode(200);
        admin(orgAdmin(tenant.organizationId())).delete("/admin/organizations/" + tenant.organizationId() + "/scim-providers/" + provider)
                .then().statusCode(204);
        scim(token).get("/scim/v2/Users").then().statusCode(401);
        assertThat(data.count("select count(*) from oauth_clients where scim_provider_id = $1 and deleted_at is null", provider)).isZero();
    }

    @Test
    void forgedExpiredOrForeignTokensAreRefused() {
        Credentials client = newClient();
        UUID clientId = UUID.fromString(client.clientId());
        String good = token(client);
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace(tenant.providerId().toString(), UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        String expired = tokens.issue(clientId, tenant.providerId(), Instant.now().minusSeconds(7200));
        String foreignKey = new AccessTokens(new byte[32], java.time.Duration.ofHours(1)).issue(clientId, tenant.providerId(), Instant.now());
        String otherProvider = tokens.issue(clientId, UUID.randomUUID(), Instant.now());
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        for (String bad : List.of(tampered, expired, foreignKey, otherProvider, unsigned)) {
            scim(bad).get("/scim/v2/Users").then().statusCode(401).body("status", equalTo("401"));
        }
        scim(good).get("/scim/v2/Users").then().statusCode(200).body("Resources", org.hamcrest.Matchers.empty());
        assertThat(tokens.verify(good)).contains(new AccessTokens.Claims(clientId, tenant.providerId()));
        assertThat(tokens.verify(expired)).isEmpty();
    }
}
