package dev.provisioning.support;

import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the SCIM resource tests: a fresh organization (SCIM on, default provider, manage_users key)
 * per test. Nothing is injected, so a {@code @QuarkusIntegrationTest} can extend a test built on it.
 */
public abstract class TenantTest {

    protected TestData data;
    protected TestData.Tenant tenant;

    @BeforeEach
    void freshTenant() {
        data = new TestData();
        tenant = data.tenant(getClass().getSimpleName() + " " + UUID.randomUUID(), multiScim());
    }

    /** Whether the fresh organization has multi-SCIM on. */
    protected boolean multiScim() {
        return false;
    }
}
