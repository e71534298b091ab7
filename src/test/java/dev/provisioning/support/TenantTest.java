package dev.provisioning.support;

import dev.provisioning.organization.OrganizationSetup;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/** Base of the SCIM resource tests: a fresh organization (SCIM on, default provider, manage_users key) per test. */
public abstract class TenantTest {

    @Inject
    protected Pool pool;

    @Inject
    protected OrganizationSetup setup;

    protected TestData data;
    protected TestData.Tenant tenant;

    @BeforeEach
    void freshTenant() {
        data = new TestData(pool, setup);
        tenant = data.tenant(getClass().getSimpleName() + " " + UUID.randomUUID(), multiScim());
    }

    /** Whether the fresh organization has multi-SCIM on. */
    protected boolean multiScim() {
        return false;
    }
}
