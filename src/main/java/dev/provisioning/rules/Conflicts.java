package dev.provisioning.rules;

import dev.provisioning.scim.message.ScimException;
import io.vertx.pgclient.PgException;
import java.util.function.Function;
import org.hibernate.JDBCException;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Turns the database's uniqueness guarantees into SCIM 409s. Uniqueness is enforced by unique
 * indexes, not by check-then-insert, so that concurrent requests cannot both win.
 */
public final class Conflicts {

    private Conflicts() {
    }

    public static boolean isUniqueViolation(Throwable failure) {
        return "23505".equals(sqlState(failure));
    }

    /**
     * The SQLSTATE of a database failure: Hibernate Reactive reports them as Hibernate exceptions
     * carrying the state; the Vert.x client's own {@link PgException} is also understood.
     */
    static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JDBCException jdbc && jdbc.getSQLState() != null) {
                return jdbc.getSQLState();
            }
            if (t instanceof PgException pg) {
                return pg.getSqlState();
            }
        }
        return null;
    }

    /** The constraint a database failure names, or "" when it names none. */
    static String constraint(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConstraintViolationException violation && violation.getConstraintName() != null) {
                return violation.getConstraintName();
            }
            if (t instanceof JDBCException jdbc && jdbc.getSQLException() != null && jdbc.getSQLException().getMessage() != null) {
                return quotedAfter(jdbc.getSQLException().getMessage(), "constraint ");
            }
            if (t instanceof PgException pg && pg.getConstraint() != null) {
                return pg.getConstraint();
            }
        }
        return "";
    }

    private static String quotedAfter(String message, String marker) {
        int at = message.indexOf(marker + '"');
        if (at < 0) {
            return "";
        }
        int start = at + marker.length() + 1;
        int end = message.indexOf('"', start);
        return end < 0 ? "" : message.substring(start, end);
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
            String state = sqlState(failure);
            if ("23503".equals(state) && constraint(failure).contains("scim_provider")) {
                // the provider was deleted on another replica while this one still had its key cached
                return ScimException.unauthorized("The SCIM provider of this API key no longer exists");
            }
            if (!"23505".equals(state)) {
                return failure;
            }
            String constraint = constraint(failure);
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
