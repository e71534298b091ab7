package dev.provisioning.search;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The root search of {@link RootSearchTest} against the packaged service (jar, or native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class RootSearchIT extends RootSearchTest {
}
