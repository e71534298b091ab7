package dev.provisioning.user;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The uniqueness rules, body limits and operational endpoints of {@link UserRulesTest} against the packaged service. */
@QuarkusIntegrationTest
class UserRulesIT extends UserRulesTest {
}
