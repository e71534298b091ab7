package dev.provisioning.security;

import static dev.provisioning.support.AdminApi.admin;
import static dev.provisioning.support.AdminApi.orgAdmin;
import static dev.provisioning.support.ScimApi.ERROR;
import static dev.provisioning.support.ScimApi.scim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.EntraJwksServer;
import dev.provisioning.support.ScimApi;
import dev.provisioning.support.TenantTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens an Entra tenant issues itself (product.md §11; entra-scim.md §3.1), against a key endpoint the
 * test serves ({@link EntraJwksServer}): accepted at the provider's own base URL once the provider names
 * the tenant; wrong issuer, audience, signature, expiry or tenant → 401; keys fetched once and again
 * only for an unknown key id, at most once a minute.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = EntraJwksServer.class, restrictToAnnotatedClass = false)
class EntraIssuedTokensTest extends TenantTest {

    @Inject
    EntraTokenAuthenticator authenticator;

    @Inject
    EntraSigningKeys signingKeys;

    private String tenantId;
    private RsaJsonWebKey key;
    private final AtomicLong now = new AtomicLong(System.nanoTime());

    @BeforeEach
    void aTenantWithOneKey() {
        tenantId = UUID.randomUUID().toString();
        key = EntraJwksServer.newKey("key-1");
        EntraJwksServer.publish(tenantId, key);
    }

    @AfterEach
    void realClock() {
        authenticator.clock(System::nanoTime);
        signingKeys.clock(System::nanoTime);
    }

    private String providerBase() {
        return "/scim/v2/providers/" + tenant.providerId();
    }

    private String providerAdmin() {
        return "/admin/organizations/" + tenant.organizationId() + "/scim-providers/" + tenant.providerId();
    }

    /** The admin sets (or, with null, clears) the provider's entraTenantId. */
    private void trust(String entraTenant) {
        admin(orgAdmin(tenant.organizationId()))
                .body(entraTenant == null ? "{\"entraTenantId\":null}" : "{\"entraTenantId\":\"" + entraTenant + "\"}")
                .patch(providerAdmin())
                .then().statusCode(200).body("entraTenantId", equalTo(entraTenant));
    }

    private String token() {
        return EntraJwksServer.token(key, tenantId, claims -> {
        });
    }

    @Test
    void aProviderWithoutATenantRefusesSuchTokens() {
        scim(token()).get(providerBase() + "/Users").then().statusCode(401).body("schemas", contains(ERROR))
                .header("WWW-Authenticate", "Bearer realm=\"scim\"");
        assertThat(EntraJwksServer.fetches(tenantId)).isZero();
    }

    @Test
    void theTenantsTokensActAsTheProviderAtItsOwnBaseUrlOnly() {
        trust(tenantId);
        admin(orgAdmin(tenant.organizationId())).get(providerAdmin()).then().statusCode(200).body("entraTenantId", equalTo(tenantId));
        String token = token();
        String id = scim(token).body(ScimApi.userBody("ada@contoso.com", "Ada")).post(providerBase() + "/Users")
                .then().statusCode(201).extract().path("id");
        assertThat(data.user(UUID.fromString(id)).get("scim_provider_id")).isEqualTo(tenant.providerId());
        assertThat(data.query("select api_key_id from provisioning_events where resource_id = $1", UUID.fromString(id))
                .iterator().next().getUUID(0)).isNull();
        scim(token).get(providerBase() + "/Users/" + id).then().statusCode(200);
        // not at /scim/v2, which names no provider, nor at another provider's base URL
        scim(token).get("/scim/v2/Users").then().statusCode(401);
        UUID other = data.provider(tenant.organizationId(), "Other");
        scim(token).get("/scim/v2/providers/" + other + "/Users").then().statusCode(401);
        // SCIM off for the organization: 403, as for the provider's key
        data.exec("update organizations set scim_enabled = false where id = $1", tenant.organizationId());
        authenticator.forgetProvider(tenant.providerId());
        scim(token).get(providerBase() + "/Users").then().statusCode(403);
    }

    @Test
    void anythingButTheTenantsOwnValidTokenIs401() {
        trust(tenantId);
        String otherTenant = UUID.randomUUID().toString();
        RsaJsonWebKey otherKey = EntraJwksServer.newKey("key-1");
        EntraJwksServer.publish(otherTenant, otherKey);
        long seconds = System.currentTimeMillis() / 1000;
        String[] refused = {
                EntraJwksServer.token(otherKey, otherTenant, claims -> { }),
                EntraJwksServer.token(key, tenantId, claims -> claims.setIssuer("https://sts.windows.net/" + otherTenant + "/")),
                EntraJwksServer.token(key, tenantId, claims -> claims.setIssuer("https://login.microsoftonline.com/" + tenantId + "/v2.0")),
                EntraJwksServer.token(key, tenantId, claims -> claims.setAudience("00000003-0000-0000-c000-000000000000")),
                EntraJwksServer.token(otherKey, tenantId, claims -> { }),
                EntraJwksServer.token(key, tenantId, claims -> claims.setExpirationTime(NumericDate.fromSeconds(seconds - 600))),
                EntraJwksServer.token(key, tenantId, claims -> claims.setNotBefore(NumericDate.fromSeconds(seconds + 600))),
                EntraJwksServer.token(key, tenantId, claims -> claims.setClaim("tid", otherTenant)),
                EntraJwksServer.token(key, tenantId, claims -> claims.unsetClaim("exp")),
        };
        for (String token : refused) {
            scim(token).get(providerBase() + "/Users").then().statusCode(401).body("status", equalTo("401"));
        }
        String good = token();
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        scim(tampered).get(providerBase() + "/Users").then().statusCode(401);
        scim(good).get(providerBase() + "/Users").then().statusCode(200);
    }

    @Test
    void keysAreFetchedOnceAndAgainOnlyForAnUnknownKeyAtMostOnceAMinute() {
        trust(tenantId);
        for (int i = 0; i < 5; i++) {
            scim(token()).get(providerBase() + "/Users").then().statusCode(200);
        }
        assertThat(EntraJwksServer.fetches(tenantId)).isEqualTo(1);
        // Microsoft rotated its keys: a token names a key the cache lacks
        RsaJsonWebKey rotated = EntraJwksServer.newKey("key-2");
        EntraJwksServer.publish(tenantId, key, rotated);
        // the set was fetched less than a minute ago: no second fetch yet, and the unknown key is refused
        now.set(System.nanoTime());
        signingKeys.clock(now::get);
        scim(EntraJwksServer.token(rotated, tenantId, claims -> { })).get(providerBase() + "/Users").then().statusCode(401);
        assertThat(EntraJwksServer.fetches(tenantId)).isEqualTo(1);
        // a minute after the fetch, the unknown key fetches the set again, once
        now.addAndGet(61_000_000_000L);
        scim(EntraJwksServer.token(rotated, tenantId, claims -> { })).get(providerBase() + "/Users").then().statusCode(200);
        assertThat(EntraJwksServer.fetches(tenantId)).isEqualTo(2);
        scim(token()).get(providerBase() + "/Users").then().statusCode(200);
        RsaJsonWebKey unknown = EntraJwksServer.newKey("key-3");
        scim(EntraJwksServer.token(unknown, tenantId, claims -> { })).get(providerBase() + "/Users").then().statusCode(401);
        assertThat(EntraJwksServer.fetches(tenantId)).isEqualTo(2);
    }

    @Test
    void aFreshTenantsUnknownKeyIsFetchedOnce() {
        trust(tenantId);
        // first token of the tenant names a key the tenant does not publish: one fetch, 401
        RsaJsonWebKey stranger = EntraJwksServer.newKey("key-9");
        scim(EntraJwksServer.token(stranger, tenantId, claims -> { })).get(providerBase() + "/Users").then().statusCode(401);
        assertThat(EntraJwksServer.fetches(tenantId)).isEqualTo(1);
        // the published key works from the cache, without another fetch
        scim(token()).get(providerBase() + "/Users").then().statusCode(200);
        assertThat(EntraJwksServer.fetches(tenantId)).isEqualTo(1);
    }

    @Test
    void clearingTheTenantStopsItsTokensAtOnceHereAndWithinFiveSecondsOnOtherReplicas() {
        trust(tenantId);
        String token = token();
        scim(token).get(providerBase() + "/Users").then().statusCode(200);
        trust(null);
        scim(token).get(providerBase() + "/Users").then().statusCode(401);
        // cleared by another replica: this one keeps the provider's tenant for 4 s at most
        trust(tenantId);
        now.set(System.nanoTime());
        authenticator.clock(now::get);
        scim(token).get(providerBase() + "/Users").then().statusCode(200);
        data.exec("update scim_providers set entra_tenant_id = null where id = $1", tenant.providerId());
        now.addAndGet(3_000_000_000L);
        scim(token).get(providerBase() + "/Users").then().statusCode(200);
        now.addAndGet(1_100_000_000L);
        scim(token).get(providerBase() + "/Users").then().statusCode(401);
    }

    @Test
    void entraTenantIdMustBeATenantIdAndCanBeCleared() {
        admin(orgAdmin(tenant.organizationId())).body("{\"entraTenantId\":\"contoso.onmicrosoft.com\"}").patch(providerAdmin())
                .then().statusCode(400).body("field", equalTo("entraTenantId"))
                .body("message", equalTo("entraTenantId must be a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47"
                        + " (Entra admin center → Overview → Tenant ID)"));
        admin(orgAdmin(tenant.organizationId())).body("{\"entraTenantId\":\"" + tenantId.toUpperCase() + "\"}").patch(providerAdmin())
                .then().statusCode(200).body("entraTenantId", equalTo(tenantId));
        assertThat(data.query("select entra_tenant_id from scim_providers where id = $1", tenant.providerId()).iterator().next()
                .getString(0)).isEqualTo(tenantId);
        admin(orgAdmin(tenant.organizationId())).body("{\"name\":\"Renamed\"}").patch(providerAdmin())
                .then().statusCode(200).body("entraTenantId", equalTo(tenantId)).body("name", equalTo("Renamed"));
        admin(orgAdmin(tenant.organizationId())).body("{\"entraTenantId\":null}").patch(providerAdmin())
                .then().statusCode(200).body("entraTenantId", nullValue());
        UUID otherOrg = data.tenant("Other " + UUID.randomUUID(), false).organizationId();
        admin(orgAdmin(otherOrg)).body("{\"entraTenantId\":\"" + tenantId + "\"}").patch(providerAdmin()).then().statusCode(403);
    }
}
