package dev.provisioning.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.util.Map;

/**
 * Points the application's OpenID Connect sign-in (the console's) at {@link TestIdentityProvider},
 * for every test: the admin and SCIM APIs are thereby tested with quarkus-oidc configured too.
 */
public class TestIdentityProviderResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            TestIdentityProvider provider = TestIdentityProvider.start();
            return Map.of(
                    "quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.auth-server-url", provider.issuer(),
                    "quarkus.oidc.client-id", TestIdentityProvider.CLIENT_ID,
                    "quarkus.oidc.credentials.secret", TestIdentityProvider.CLIENT_SECRET);
        } catch (IOException e) {
            throw new IllegalStateException("The test identity provider did not start", e);
        }
    }

    @Override
    public void stop() {
        TestIdentityProvider.stop();
    }
}
