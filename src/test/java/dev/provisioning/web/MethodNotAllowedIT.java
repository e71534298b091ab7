package dev.provisioning.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The 405 answers of {@link MethodNotAllowedTest} against the packaged service (jar, or native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class MethodNotAllowedIT extends MethodNotAllowedTest {
}
