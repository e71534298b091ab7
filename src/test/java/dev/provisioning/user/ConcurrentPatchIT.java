package dev.provisioning.user;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Concurrent PATCHes and the ETag contract of {@link ConcurrentPatchTest} against the packaged service. */
@QuarkusIntegrationTest
class ConcurrentPatchIT extends ConcurrentPatchTest {
}
