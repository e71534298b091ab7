package dev.provisioning.admin;

import dev.provisioning.web.AdminException;
import jakarta.json.JsonString;
import java.util.Set;
import java.util.UUID;

/**
 * The role rules of product.md §5 for one caller: {@code platform-admin} acts on every
 * organization, {@code org-admin} only on the organization named by its {@code org} claim. The
 * admin API builds it from the bearer JWT ({@link AdminAccess}); the console from the ID token of
 * its sign-in, so both obey exactly the same rules. Checked before anything is read, so that an
 * org-admin learns nothing about other organizations (403, never 404).
 *
 * @param groups the caller's {@code groups} claim (roles)
 * @param organizationClaim the raw {@code org} claim, or null
 */
public record AdminCaller(Set<String> groups, String organizationClaim) {
    public AdminCaller {
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }

    /** From a token's {@code groups} and raw {@code org} claim (a JSON string or a plain value). */
    public static AdminCaller fromClaims(Set<String> groups, Object orgClaim) {
        String org = orgClaim instanceof JsonString text ? text.getString() : orgClaim == null ? null : orgClaim.toString();
        return new AdminCaller(groups, org);
    }

    public boolean isPlatformAdmin() {
        return groups.contains(AdminAccess.PLATFORM_ADMIN);
    }

    /** Whether the caller has a role that the admin API (and the console) accepts at all. */
    public boolean hasAdminRole() {
        return isPlatformAdmin() || groups.contains(AdminAccess.ORG_ADMIN);
    }

    /** The organization of the path, once the caller may administer it. */
    public UUID organization(String rawId) {
        UUID id = AdminAccess.parse(rawId);
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

    /** The organization of an org-admin's {@code org} claim, or null. */
    public UUID ownOrganization() {
        if (!groups.contains(AdminAccess.ORG_ADMIN)) {
            return null;
        }
        return AdminAccess.parse(organizationClaim);
    }

    public void requirePlatformAdmin(String action) {
        if (!isPlatformAdmin()) {
            throw AdminException.forbidden(action + " requires the platform-admin role: ask vendor staff (your CSM)");
        }
    }
}
