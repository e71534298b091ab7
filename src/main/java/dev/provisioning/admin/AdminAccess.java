package dev.provisioning.admin;

import dev.provisioning.web.AdminException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who may act on which organization (product.md §5), for the admin API: the rules of
 * {@link AdminCaller} applied to the bearer JWT of the request. The identity is read through
 * {@link SecurityIdentity} rather than an injected {@code JsonWebToken}: with quarkus-oidc on the
 * class path (the console's sign-in), the injected {@code JsonWebToken} is OIDC's, which knows
 * nothing of SmallRye JWT's tokens.
 */
@ApplicationScoped
public class AdminAccess {
    public static final String PLATFORM_ADMIN = "platform-admin";
    public static final String ORG_ADMIN = "org-admin";

    private final SecurityIdentity identity;

    public AdminAccess(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The caller of this request: the JWT's {@code groups} and {@code org} claims. */
    public AdminCaller caller() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            return AdminCaller.fromClaims(jwt.getGroups(), jwt.getClaim("org"));
        }
        return new AdminCaller(Set.of(), null);
    }

    public boolean isPlatformAdmin() {
        return caller().isPlatformAdmin();
    }

    /** The organization of the path, once the caller may administer it. */
    public UUID organization(String rawId) {
        return caller().organization(rawId);
    }

    /** The organization of an org-admin token's {@code org} claim, or null. */
    public UUID ownOrganization() {
        return caller().ownOrganization();
    }

    public void requirePlatformAdmin(String action) {
        caller().requirePlatformAdmin(action);
    }

    /** A path id; ids that are not UUIDs name nothing (404 once access is settled). */
    public static UUID parse(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return UUID.fromString(raw.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static UUID pathId(String raw, String what) {
        UUID id = parse(raw);
        if (id == null) {
            throw AdminException.notFound(what + " " + raw + " not found");
        }
        return id;
    }
}
