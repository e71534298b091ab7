package dev.provisioning.team;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The Entra group sequences and the 100 000-member group of {@link GroupFlowTest} against the packaged service. */
@QuarkusIntegrationTest
class GroupFlowIT extends GroupFlowTest {
}
