package dev.provisioning.user;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The Entra user sequences of {@link EntraUserFlowTest} against the packaged service (jar, or native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class EntraUserFlowIT extends EntraUserFlowTest {
}
