package dev.provisioning.ops;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness follows {@link DatabaseAvailability} (product.md §9): DOWN within one probe interval of the
 * database going away (at most two when it hangs), UP again at the first probe that succeeds. Reading it
 * queries nothing. Liveness has no database check: restarting the process would not bring PostgreSQL back.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {
    private final DatabaseAvailability availability;

    public DatabaseReadiness(DatabaseAvailability availability) {
        this.availability = availability;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Database").status(availability.available()).build();
    }
}
