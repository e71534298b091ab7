package dev.provisioning.admin;

import dev.provisioning.web.AdminException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who may act on which organization (product.md §5): {@code platform-admin} on every one,
 * {@code org-admin} only on the organization named by the token's {@code org} claim. Checked before
 * anything is read, so that an org-admin learns nothing about other organizations (403, never 404).
 */
@ApplicationScoped
public class AdminAccess {
    public static final String PLATFORM_ADMIN = "platform-admin";
    public static final String ORG_ADMIN = "org-admin";

    private final JsonWebToken jwt;

    public AdminAccess(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public boolean isPlatformAdmin() {
        return jwt.getGroups() != null && jwt.getGroups().contains(PLATFORM_ADMIN);
    }

    /** The organization of the path, once the caller may administer it. */
    public UUID organization(String rawId) {
        UUID id = parse(rawId);
        if (isPlatformAdmin()) {
            if (id == null) {
                throw AdminException.notFound("Organization " + rawId + " not found");
            }
            return id;
        }
        UUID own = ownOrganization();
        if (own != null && own.equals(id)) {
            return id;
        }
        throw AdminException.forbidden(own == null
                ? "This token names no organization (claim 'org'); an org-admin token must name the organization it administers"
                : "This token may administer only organization " + own);
    }

    /** The organization of an org-admin token's {@code org} claim, or null. */
    public UUID ownOrganization() {
        if (jwt.getGroups() == null || !jwt.getGroups().contains(ORG_ADMIN)) {
            return null;
        }
        Object claim = jwt.getClaim("org");
        String value = claim instanceof JsonString text ? text.getString() : claim == null ? null : claim.toString();
        return parse(value);
    }

    public void requirePlatformAdmin(String action) {
        if (!isPlatformAdmin()) {
            throw AdminException.forbidden(action + " requires the platform-admin role: ask vendor staff (your CSM)");
        }
    }

    /** A path id; ids that are not UUIDs name nothing (404 once access is settled). */
    static UUID parse(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return UUID.fromString(raw.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static UUID pathId(String raw, String what) {
        UUID id = parse(raw);
        if (id == null) {
            throw AdminException.notFound(what + " " + raw + " not found");
        }
        return id;
    }
}
