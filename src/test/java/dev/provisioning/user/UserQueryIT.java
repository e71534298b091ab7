package dev.provisioning.user;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The query engine of {@link UserQueryTest} (filters, sorting, cursors) against the packaged service. */
@QuarkusIntegrationTest
class UserQueryIT extends UserQueryTest {
}
