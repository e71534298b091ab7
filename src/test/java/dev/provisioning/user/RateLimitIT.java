package dev.provisioning.user;

import io.quarkus.test.junit.DisabledOnIntegrationTest;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The per-provider rate limit of {@link RateLimitTest} (429 with Retry-After, neighbours unaffected)
 * against the native executable, started again with the test's profile. Not against the jar: there
 * {@link RateLimitTest} already runs the same code in the same JVM, and a second start of the
 * packaged service would cost {@code ./mvnw verify} most of a minute for nothing new.
 */
@QuarkusIntegrationTest
@TestProfile(RateLimitTest.OneRequestPerSecond.class)
@DisabledOnIntegrationTest(value = "covered in-process by RateLimitTest", forArtifactTypes = DisabledOnIntegrationTest.ArtifactType.JAR)
class RateLimitIT extends RateLimitTest {
}
