package dev.provisioning.bulk;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The POST /Bulk of {@link BulkFlowTest} against the packaged service (jar, or native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class BulkFlowIT extends BulkFlowTest {
}
