package dev.provisioning.admin;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Two Entra tenants in one organization ({@link MultiProviderFlowTest}) against the packaged service. */
@QuarkusIntegrationTest
class MultiProviderFlowIT extends MultiProviderFlowTest {
}
