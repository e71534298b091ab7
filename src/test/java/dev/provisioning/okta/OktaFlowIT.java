package dev.provisioning.okta;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The Okta sequences of {@link OktaFlowTest} against the packaged service (jar, or native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class OktaFlowIT extends OktaFlowTest {
}
