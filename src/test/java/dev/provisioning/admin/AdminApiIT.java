package dev.provisioning.admin;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The admin API of {@link AdminApiTest} (JWT roles, every endpoint, rules) against the packaged service. */
@QuarkusIntegrationTest
class AdminApiIT extends AdminApiTest {
}
