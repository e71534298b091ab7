package dev.provisioning.rules;

import dev.provisioning.scim.message.ScimException;
import io.vertx.pgclient.PgException;
import java.util.function.Function;

/**
 * Turns the database's uniqueness guarantees into SCIM 409s. Uniqueness is enforced by unique
 * indexes, not by check-then-insert, so that concurrent requests cannot both win.
 */
public final class Conflicts {

    private Conflicts() {
    }

    public static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    /** For group writes: a clash on teams_provider_display_name names the displayName. */
    public static Function<Throwable, Throwable> groupDisplayName(String displayName) {
        return uniqueness(null, displayName);
    }

    /**
     * Maps a unique violation to 409 {@code uniqueness} with a detail naming what collided, and a
     * write that references a provider deleted meanwhile to 401.
     */
    public static Function<Throwable, Throwable> uniqueness(String email, String userName) {
        return failure -> {
            if (failure instanceof PgException pg && "23503".equals(pg.getSqlState())
                    && String.valueOf(pg.getConstraint()).contains("scim_provider")) {
                // the provider was deleted on another replica while this one still had its key cached
                return ScimException.unauthorized("The SCIM provider of this API key no longer exists");
            }
            if (!(failure instanceof PgException pg) || !"23505".equals(pg.getSqlState())) {
                return failure;
            }
            String constraint = pg.getConstraint() == null ? "" : pg.getConstraint();
            return switch (constraint) {
                case "users_org_email" -> ScimException.uniqueness("Another user of this organization already has the email '"
                        + email + "'; emails are unique per organization (ignoring letter case)");
                case "users_provider_user_name" -> ScimException.uniqueness("A user with userName '" + userName
                        + "' already exists for this SCIM provider");
                case "teams_provider_display_name" -> ScimException.uniqueness("A group with displayName '" + userName
                        + "' already exists for this SCIM provider");
                default -> ScimException.uniqueness("The request conflicts with an existing resource (" + constraint + ")");
            };
        };
    }
}
